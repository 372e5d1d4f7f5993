using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Aki.Client.Tests;

/// <summary>Options: where the key comes from, that it never shows, and that a client's options cannot change under it.</summary>
[Collection(EnvironmentCollection.Name)]
public class AkiClientOptionsTests
{
    [Fact]
    public void ToStringNeverShowsTheApiKey()
    {
        var options = new AkiClientOptions { ApiKey = MockAki.ApiKey };

        string text = options.ToString();

        Assert.DoesNotContain(MockAki.ApiKey, text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (set)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringSaysWhenNoKeyIsSet()
    {
        Assert.Contains("ApiKey = (not set)", new AkiClientOptions().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var options = new AkiClientOptions();

        Assert.Equal(new Uri("https://aki.io/anthropic"), options.Endpoint);
        Assert.Equal("2023-06-01", options.AnthropicVersion);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Timeout);
        Assert.Equal(ModelValidation.Warn, options.ModelValidation);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Empty(options.DefaultHeaders);
    }

    [Fact]
    public void MissingKeyEverywhereThrowsAkiExceptionExplainingHowToProvideOne()
    {
        using var scope = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, null);

        AkiException e = Assert.Throws<AkiException>(() => new AkiClient());

        Assert.Contains("AKI_API_KEY", e.Message, StringComparison.Ordinal);
        Assert.Contains("AkiClientOptions.ApiKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("new AkiClient(", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhitespaceKeyCountsAsMissing()
    {
        using var scope = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, "  ");

        Assert.Throws<AkiException>(() => new AkiClient(new AkiClientOptions { ApiKey = " " }));
    }

    [Fact]
    public async Task KeyFromTheEnvironmentIsUsedWhenOptionsHaveNone()
    {
        using var scope = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, "sk-from-environment");
        using var mock = new MockAki();
        using var client = new AkiClient(new AkiClientOptions { MaxRetries = 0 }, mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("sk-from-environment", mock.SingleRequest.Header("x-api-key"));
    }

    [Fact]
    public async Task KeyInOptionsWinsOverTheEnvironment()
    {
        using var scope = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, "sk-from-environment");
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(MockAki.ApiKey, mock.SingleRequest.Header("x-api-key"));
    }

    [Fact]
    public async Task KeyIsTrimmedBeforeSending()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.ApiKey = "  sk-padded\n");

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("sk-padded", mock.SingleRequest.Header("x-api-key"));
    }

    [Fact]
    public void NullKeyInTheConstructorThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new AkiClient((string)null!));
        Assert.Throws<ArgumentNullException>(() => new AkiClient((AkiClientOptions)null!));
    }

    [Fact]
    public void OptionsAreFrozenOnceAClientIsBuiltFromThem()
    {
        AkiClientOptions options = MockAki.CreateOptions();
        using var mock = new MockAki();
        using var client = new AkiClient(options, mock.Handler.ToHttpClient());

        Assert.Same(options, client.Options);
        Assert.Throws<InvalidOperationException>(() => options.ApiKey = "sk-other");
        Assert.Throws<InvalidOperationException>(() => options.Endpoint = new Uri("https://evil.example"));
        Assert.Throws<InvalidOperationException>(() => options.ModelValidation = ModelValidation.Off);
        Assert.Throws<InvalidOperationException>(() => options.Timeout = TimeSpan.FromSeconds(1));
        Assert.Throws<InvalidOperationException>(() => options.DefaultHeaders = new Dictionary<string, string>());
        Assert.Throws<NotSupportedException>(() => options.DefaultHeaders["x-late"] = "1");
    }

    [Fact]
    public async Task ChangingTheOriginalHeaderDictionaryAfterBuildingDoesNotReachRequests()
    {
        var headers = new Dictionary<string, string> { ["x-tenant"] = "acme" };
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.DefaultHeaders = headers);
        headers["x-tenant"] = "other";
        headers["x-late"] = "1";

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("acme", mock.SingleRequest.Header("x-tenant"));
        Assert.Null(mock.SingleRequest.Header("x-late"));
    }

    [Fact]
    public void OutOfRangeSettingsAreRefusedWhenSet()
    {
        var options = new AkiClientOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxRetries = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Timeout = TimeSpan.Zero);
        Assert.Throws<ArgumentNullException>(() => options.Endpoint = null!);
        Assert.Throws<ArgumentNullException>(() => options.TimeProvider = null!);
    }
}
