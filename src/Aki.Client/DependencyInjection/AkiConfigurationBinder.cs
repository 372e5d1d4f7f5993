using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Aki.Client.DependencyInjection;

/// <summary>
/// Reads <see cref="AkiClientOptions"/> from a configuration section by hand: no reflection (trim- and AOT-safe),
/// and errors that name the setting and the value that is wrong.
/// </summary>
internal static class AkiConfigurationBinder
{
    public static void Bind(IConfiguration section, AkiClientOptions options)
    {
        string path = section is IConfigurationSection named ? named.Path : "(root)";
        if (section["ApiKey"] is { Length: > 0 } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (section["Endpoint"] is { Length: > 0 } endpoint)
        {
            options.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri)
                ? uri
                : throw Invalid(path, "Endpoint", "an absolute address such as https://aki.io/anthropic", endpoint);
        }

        if (section["AnthropicVersion"] is { Length: > 0 } version)
        {
            options.AnthropicVersion = version;
        }

        if (section["UserAgentSuffix"] is { Length: > 0 } suffix)
        {
            options.UserAgentSuffix = suffix;
        }

        if (section["MaxRetries"] is { Length: > 0 } retries)
        {
            options.MaxRetries = int.TryParse(retries, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
                ? value
                : throw Invalid(path, "MaxRetries", "a whole number of 0 or more", retries);
        }

        if (section["ModelValidation"] is { Length: > 0 } validation)
        {
            options.ModelValidation = Enum.TryParse(validation, ignoreCase: true, out ModelValidation mode) && Enum.IsDefined(typeof(ModelValidation), mode)
                ? mode
                : throw Invalid(path, "ModelValidation", "Off, Warn or Strict", validation);
        }

        if (section["CaptureMessageContent"] is { Length: > 0 } capture)
        {
            options.CaptureMessageContent = bool.TryParse(capture, out bool value)
                ? value
                : throw Invalid(path, "CaptureMessageContent", "true or false", capture);
        }

        Duration(section, path, "Timeout", value => options.Timeout = value);
        Duration(section, path, "TotalTimeout", value => options.TotalTimeout = value);
        Duration(section, path, "StreamResponseTimeout", value => options.StreamResponseTimeout = value);
        Duration(section, path, "StreamIdleTimeout", value => options.StreamIdleTimeout = value);
        Duration(section, path, "MaxRetryAfter", value => options.MaxRetryAfter = value);
        Duration(section, path, "RetryBaseDelay", value => options.RetryBaseDelay = value);
        Duration(section, path, "ModelCatalogLifetime", value => options.ModelCatalogLifetime = value);

        foreach (IConfigurationSection header in section.GetSection("DefaultHeaders").GetChildren())
        {
            if (header.Value is not null)
            {
                options.DefaultHeaders[header.Key] = header.Value;
            }
        }
    }

    private static void Duration(IConfiguration section, string path, string name, Action<TimeSpan> set)
    {
        if (section[name] is not { Length: > 0 } text)
        {
            return;
        }

        // "00:05:00" (TimeSpan) or a plain number of seconds.
        TimeSpan value;
        if (text.IndexOf(':') >= 0)
        {
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
            {
                throw Invalid(path, name, "a duration such as 00:02:00 or a number of seconds", text);
            }
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds)
        {
            // The range check also turns away NaN and infinity, which double.TryParse accepts.
            value = TimeSpan.FromSeconds(seconds);
        }
        else
        {
            throw Invalid(path, name, "a duration such as 00:02:00 or a number of seconds", text);
        }

        try
        {
            set(value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw Invalid(path, name, e.Message.Split('\n')[0], text);
        }
    }

    private static InvalidOperationException Invalid(string path, string name, string expected, string actual) =>
        new($"Configuration setting '{path}:{name}' is '{actual}'; expected {expected}.");
}
