using System;
using System.Collections.Generic;

namespace Aki.Client;

/// <summary>
/// <see cref="ModelValidation.Strict"/> refused a model id that AKI.IO does not serve. Nothing was sent: AKI.IO
/// would have answered with MiniMax M2.5 instead of failing.
/// </summary>
public sealed class AkiUnknownModelException : AkiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The explanation, with suggestions.</param>
    /// <param name="model">The refused id.</param>
    /// <param name="suggestions">Known ids close to it.</param>
    public AkiUnknownModelException(string message, string model, IReadOnlyList<string> suggestions)
        : base(message)
    {
        Model = model;
        Suggestions = suggestions ?? Array.Empty<string>();
    }

    /// <summary>The refused model id.</summary>
    public string Model { get; }

    /// <summary>Known ids closest to <see cref="Model"/>, best first.</summary>
    public IReadOnlyList<string> Suggestions { get; }
}
