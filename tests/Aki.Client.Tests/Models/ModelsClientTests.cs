using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

public class ModelsClientTests
{
    private static AkiClient ClientListing(string listJson, out MockHttpMessageHandler mock)
    {
        mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", listJson);
        return CreateClient(mock);
    }

    [Theory]
    [InlineData("gemma4-26b")]
    [InlineData("GEMMA4-26B")]
    [InlineData(" gemma4-26b ")]
    public async Task GetAsyncFindsAListedModelIgnoringCaseAndSpaces(string id)
    {
        using AkiClient client = ClientListing(CompatibleListOf(("gemma4-26b", 100_000)), out _);

        ModelInfo? model = await client.Models.GetAsync(id);

        Assert.Equal("gemma4-26b", model?.Id);
        Assert.Equal((100_000, ModelLimitSource.Server), (model?.ContextTokens, model?.ContextTokensSource));
    }

    [Fact]
    public async Task GetAsyncGivesAnUnlistedAliasTheLimitsOfItsListedTarget()
    {
        using AkiClient client = ClientListing(CompatibleListOf(("qwen3.6-35b", 120_000)), out _);

        ModelInfo? alias = await client.Models.GetAsync("qwen3.6-chat-35b");

        Assert.NotNull(alias);
        Assert.Equal(AkiModels.Qwen36Chat35B, alias.Id);
        Assert.Equal(AkiModels.Qwen36_35B, alias.AliasOf);
        Assert.Equal((120_000, ModelLimitSource.Server), (alias.ContextTokens, alias.ContextTokensSource));
        Assert.Equal((32_768, ModelLimitSource.DocumentedTable), (alias.MaxOutputTokens, alias.MaxOutputTokensSource));
    }

    [Fact]
    public async Task GetAsyncFallsBackToTheDocumentedTableForADocumentedModelTheListOmits()
    {
        using AkiClient client = ClientListing(CompatibleListOf(("gemma4-26b", 0)), out _);

        ModelInfo? model = await client.Models.GetAsync(AkiModels.Gemma4Chat26B);
        ModelInfo? other = await client.Models.GetAsync(AkiModels.ApertusChat70B);

        Assert.Equal((AkiModels.Gemma4Chat26B, AkiModels.Gemma4_26B, 262_144), (model?.Id, model?.AliasOf, model?.ContextTokens));
        Assert.Equal((65_536, 8_192), (other?.ContextTokens, other?.MaxOutputTokens));
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.3-70B-Instruct")]
    [InlineData("claude-opus-4-6")]
    [InlineData("gemma4")]
    public async Task GetAsyncReturnsNullForAnIdNobodyKnows(string id)
    {
        using AkiClient client = ClientListing(CompatibleListOf(("gemma4-26b", 0)), out _);

        Assert.Null(await client.Models.GetAsync(id));
        Assert.Null(await client.Models.GetContextLimitAsync(id));
    }

    [Fact]
    public async Task GetContextLimitAsyncPrefersTheServersFigure()
    {
        using AkiClient client = ClientListing(CompatibleListOf(("deepseek-v3", 65_536), ("llama3-chat-8b", 0)), out _);

        Assert.Equal(65_536, await client.Models.GetContextLimitAsync("deepseek-v3"));
        Assert.Equal(131_072, await client.Models.GetContextLimitAsync("llama3-chat-8b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public async Task GetAsyncRequiresAnId(string? id)
    {
        using AkiClient client = ClientListing(CompatibleListOf(("gemma4-26b", 0)), out MockHttpMessageHandler mock);

        await Assert.ThrowsAsync<ArgumentException>(() => client.Models.GetAsync(id!));
    }

    [Fact]
    public void TheOfflineCatalogueHoldsEveryDocumentedModelAndAliasWithDocumentedLimits()
    {
        IReadOnlyList<ModelInfo> catalog = AkiModels.Catalog;

        Assert.Equal(AkiModels.All.Concat(AkiModels.Aliases.Keys.OrderBy(key => key, StringComparer.Ordinal)), catalog.Select(model => model.Id));
        Assert.All(catalog, model =>
        {
            Assert.Equal(ModelLimitSource.DocumentedTable, model.ContextTokensSource);
            Assert.Equal(ModelLimitSource.DocumentedTable, model.MaxOutputTokensSource);
            Assert.Equal(AkiModels.GetLimits(model.Id), new ModelLimits(model.ContextTokens!.Value, model.MaxOutputTokens!.Value));
        });
        Assert.Equal(AkiModels.Gemma4_26B, catalog.Single(model => model.Id == AkiModels.Gemma4Chat26B).AliasOf);
        Assert.Equal((204_800, 8_192), catalog.Where(model => model.Id == AkiModels.MiniMaxM25_230B).Select(model => (model.ContextTokens, model.MaxOutputTokens)).Single());
    }

    [Fact]
    public void ModelInfoShowsTheIdWhenItHasNoDisplayName()
    {
        var model = new ModelInfo { Id = "x-1" };

        Assert.Equal("x-1", model.DisplayName);
        Assert.Equal("X 1", (model with { DisplayName = "X 1" }).DisplayName);
        Assert.Equal(ModelLimitSource.Unknown, model.ContextTokensSource);
    }

    [Fact]
    public async Task ModelsCanBeFakedThroughTheProtectedConstructors()
    {
        using var client = new FakeAkiClient();

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal("fake", Assert.Single(models).Id);
        Assert.Equal(42, await client.Models.GetContextLimitAsync("fake"));
    }

    [Fact]
    public void AClientMadeForMockingWithoutModelsSaysSo()
    {
        using var client = new MessagesOnlyClient();

        Assert.Throws<InvalidOperationException>(() => client.Models);
    }

    private sealed class FakeModels : ModelsClient
    {
        private static readonly ModelInfo s_fake = new() { Id = "fake", ContextTokens = 42, ContextTokensSource = ModelLimitSource.Server };

        public override Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ModelInfo>>([s_fake]);

        public override Task<ModelInfo?> GetAsync(string modelId, CancellationToken cancellationToken = default) =>
            Task.FromResult<ModelInfo?>(modelId == s_fake.Id ? s_fake : null);
    }

    private sealed class FakeMessages : MessagesClient
    {
    }

    private sealed class FakeAkiClient() : AkiClient(new FakeMessages(), new FakeModels());

    private sealed class MessagesOnlyClient() : AkiClient(new FakeMessages());
}
