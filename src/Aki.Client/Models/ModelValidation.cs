namespace Aki.Client;

/// <summary>
/// What the client does about a model id AKI.IO does not serve. AKI.IO does not reject an unknown id: it answers
/// with MiniMax M2.5, so a typo costs money and quality without an error.
/// </summary>
public enum ModelValidation
{
    /// <summary>No check before sending; a served model that differs is still flagged on the result.</summary>
    Off,

    /// <summary>Log a warning once per unknown id, and when the served model differs from the requested one. The default.</summary>
    Warn,

    /// <summary>Refuse an unknown id before sending (<see cref="AkiUnknownModelException"/>), and flag a differing served model.</summary>
    Strict,
}
