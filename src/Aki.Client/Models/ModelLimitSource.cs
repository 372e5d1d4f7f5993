namespace Aki.Client;

/// <summary>Where a limit in a <see cref="ModelInfo"/> came from.</summary>
public enum ModelLimitSource
{
    /// <summary>Neither the server nor AKI.IO's documentation states the limit; the value is null.</summary>
    Unknown,

    /// <summary>The server's <c>/v1/models</c> answer stated it (<c>max_input_tokens</c>, <c>max_model_len</c> or <c>max_tokens</c>).</summary>
    Server,

    /// <summary>
    /// AKI.IO's documented limits (<see cref="AkiModels.GetLimits"/>): the server stated none, or <c>0</c>, or the model
    /// comes from the offline table.
    /// </summary>
    DocumentedTable,
}
