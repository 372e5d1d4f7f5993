using System;
using System.Collections.Generic;
using Aki.Client.Http;
using Microsoft.Extensions.Options;

namespace Aki.Client.DependencyInjection;

/// <summary>Checks registered options when the host starts, with messages that name the setting to fix.</summary>
internal sealed class AkiClientOptionsValidator : IValidateOptions<AkiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, AkiClientOptions options)
    {
        var failures = new List<string>();
        string prefix = string.IsNullOrEmpty(name) ? "Aki" : $"Aki ({name})";
        if (string.IsNullOrWhiteSpace(options.ApiKey) && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable)))
        {
            failures.Add($"{prefix}: ApiKey is not set. Set it in configuration (\"Aki\": {{ \"ApiKey\": ... }}, ideally from user secrets or a vault) or in the AKI_API_KEY environment variable.");
        }

        try
        {
            Endpoint.Normalize(options.Endpoint, options.EndpointSource);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{prefix}: Endpoint is not usable. {e.Message.Split('\n')[0].Replace(" (Parameter 'endpoint')", string.Empty)} Set it in configuration (\"Aki\": {{ \"Endpoint\": ... }}) or in the {AkiClientOptions.BaseUrlEnvironmentVariable} environment variable.");
        }

        if (options.TotalTimeout < options.Timeout)
        {
            failures.Add($"{prefix}: TotalTimeout ({options.TotalTimeout}) is shorter than Timeout ({options.Timeout}); a single attempt could never use its full time.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
