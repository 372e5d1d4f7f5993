using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

public class ModelListShapeTests
{
    [Fact]
    public async Task AnthropicShapeIsReadWithServerLimitsNamesAndDates()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", """
            {"data":[
              {"type":"model","id":"qwen3.6-35b","display_name":"Qwen 3.6 35B","created_at":"2026-04-01T12:00:00Z",
               "max_input_tokens":200000,"max_tokens":16384,"capabilities":{"vision":{"supported":true}}},
              {"type":"model","id":"gemma4-26b","display_name":"Gemma 4 26B","created_at":"2026-03-01T00:00:00Z"}],
             "has_more":false,"first_id":"qwen3.6-35b","last_id":"gemma4-26b"}
            """);
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal(["qwen3.6-35b", "gemma4-26b"], models.Select(model => model.Id));
        ModelInfo qwen = models[0];
        Assert.Equal("Qwen 3.6 35B", qwen.DisplayName);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero), qwen.CreatedAt);
        Assert.Equal((200_000, ModelLimitSource.Server), (qwen.ContextTokens, qwen.ContextTokensSource));
        Assert.Equal((16_384, ModelLimitSource.Server), (qwen.MaxOutputTokens, qwen.MaxOutputTokensSource));
        ModelInfo gemma = models[1];
        Assert.Equal((262_144, ModelLimitSource.DocumentedTable), (gemma.ContextTokens, gemma.ContextTokensSource));
        Assert.Equal((32_768, ModelLimitSource.DocumentedTable), (gemma.MaxOutputTokens, gemma.MaxOutputTokensSource));
        Assert.Null(gemma.AliasOf);
    }

    [Fact]
    public async Task OpenAiShapeIsReadWithMaxModelLenAsTheContextWindow()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", """
            {"object":"list","data":[
              {"id":"llama3-chat-70b","object":"model","created":1767225600,"owned_by":"aki","root":"/models/llama","parent":null,
               "max_model_len":65536,"permission":[{"id":"modelperm-1","object":"model_permission","allow_sampling":true}]}]}
            """);
        using AkiClient client = CreateClient(mock);

        ModelInfo model = Assert.Single(await client.Models.ListAsync());

        Assert.Equal("llama3-chat-70b", model.Id);
        Assert.Equal("llama3-chat-70b", model.DisplayName);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_767_225_600), model.CreatedAt);
        Assert.Equal((65_536, ModelLimitSource.Server), (model.ContextTokens, model.ContextTokensSource));
        Assert.Equal((32_768, ModelLimitSource.DocumentedTable), (model.MaxOutputTokens, model.MaxOutputTokensSource));
    }

    public static TheoryData<string, int?, ModelLimitSource, int?, ModelLimitSource> MaxModelLenCases => new()
    {
        // max_model_len field, then (context, source) for a documented id and for an id the table does not know.
        { "\"max_model_len\":0,", 262_144, ModelLimitSource.DocumentedTable, null, ModelLimitSource.Unknown },
        { "\"max_model_len\":null,", 262_144, ModelLimitSource.DocumentedTable, null, ModelLimitSource.Unknown },
        { string.Empty, 262_144, ModelLimitSource.DocumentedTable, null, ModelLimitSource.Unknown },
        { "\"max_model_len\":-1,", 262_144, ModelLimitSource.DocumentedTable, null, ModelLimitSource.Unknown },
        { "\"max_model_len\":\"not a number\",", 262_144, ModelLimitSource.DocumentedTable, null, ModelLimitSource.Unknown },
        { "\"max_model_len\":98304,", 98_304, ModelLimitSource.Server, 98_304, ModelLimitSource.Server },
        { "\"max_model_len\":\"98304\",", 98_304, ModelLimitSource.Server, 98_304, ModelLimitSource.Server },
        { "\"max_model_len\":98304.0,", 98_304, ModelLimitSource.Server, 98_304, ModelLimitSource.Server },
    };

    [Theory]
    [MemberData(nameof(MaxModelLenCases))]
    public async Task ZeroNullOrAbsentMaxModelLenFallsBackToTheTableAndNeverReadsAsZero(
        string maxModelLen, int? documentedContext, ModelLimitSource documentedSource, int? unknownContext, ModelLimitSource unknownSource)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", $$"""
            {"object":"list","data":[
              {"id":"gemma4-26b","object":"model",{{maxModelLen}}"owned_by":"aki"},
              {"id":"deepseek-v3","object":"model",{{maxModelLen}}"owned_by":"aki"}]}
            """);
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal((documentedContext, documentedSource), (models[0].ContextTokens, models[0].ContextTokensSource));
        Assert.Equal((unknownContext, unknownSource), (models[1].ContextTokens, models[1].ContextTokensSource));
        Assert.All(models, model => Assert.NotEqual(0, model.ContextTokens));
    }

    [Fact]
    public async Task AModelMissingFromTheTableHasNullLimitsUnlessTheServerStatesThem()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", """
            {"data":[{"type":"model","id":"mistral-large-3","display_name":"Mistral Large 3","max_tokens":0},
                     {"type":"model","id":"kimi-k2","display_name":"Kimi K2","max_input_tokens":131072,"max_tokens":16000}],
             "has_more":false}
            """);
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal((null, ModelLimitSource.Unknown), (models[0].ContextTokens, models[0].ContextTokensSource));
        Assert.Equal((null, ModelLimitSource.Unknown), (models[0].MaxOutputTokens, models[0].MaxOutputTokensSource));
        Assert.Equal((131_072, ModelLimitSource.Server), (models[1].ContextTokens, models[1].ContextTokensSource));
        Assert.Equal((16_000, ModelLimitSource.Server), (models[1].MaxOutputTokens, models[1].MaxOutputTokensSource));
    }

    [Fact]
    public async Task UnknownFieldsAreIgnoredAndMissingOnesTolerated()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", """
            {"data":[
               {"type":"model","id":"gpt-oss-120b","future_field":{"nested":[1,2,{"x":null}]},"pricing":[0.1,0.2],"deprecated":false},
               {"type":"model","id":"ministral3-14b","created_at":"1970-01-01T00:00:00Z","display_name":null},
               {"type":"model","display_name":"a card without an id is skipped"},
               null,
               {"type":"model","id":"apertus-chat-70b","created_at":"not a date","created":"also not"}],
             "has_more":false,"region":"eu-central","served_by":{"gpu":"H100"}}
            """);
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal(["gpt-oss-120b", "ministral3-14b", "apertus-chat-70b"], models.Select(model => model.Id));
        Assert.All(models, model => Assert.Null(model.CreatedAt));
        Assert.Equal("ministral3-14b", models[1].DisplayName);
        Assert.Equal(131_072, models[0].ContextTokens);
    }

    [Fact]
    public async Task AListedAliasNamesItsTarget()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0), ("Gemma4-Chat-26B", 0)));
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Null(models[0].AliasOf);
        Assert.Equal(AkiModels.Gemma4_26B, models[1].AliasOf);
        Assert.Equal(262_144, models[1].ContextTokens);
    }

    [Fact]
    public async Task PagesAreFollowedWithAfterIdWhileHasMore()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest third = mock.When(HttpMethod.Get, AnthropicList).WithExactQueryString("after_id=qwen3.6-35b")
            .Respond("application/json", """{"data":[{"type":"model","id":"llama3-chat-8b"}],"has_more":false,"first_id":"llama3-chat-8b","last_id":"llama3-chat-8b"}""");

        // A page without last_id continues from its last model's id.
        MockedRequest second = mock.When(HttpMethod.Get, AnthropicList).WithExactQueryString("after_id=gemma4-26b")
            .Respond("application/json", """{"data":[{"type":"model","id":"qwen3.6-35b"}],"has_more":true}""");
        MockedRequest first = mock.When(HttpMethod.Get, AnthropicList).WithExactQueryString(string.Empty)
            .Respond("application/json", """{"data":[{"type":"model","id":"gemma4-26b"}],"has_more":true,"first_id":"gemma4-26b","last_id":"gemma4-26b"}""");
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal(["gemma4-26b", "qwen3.6-35b", "llama3-chat-8b"], models.Select(model => model.Id));
        Assert.Equal([1, 1, 1], new[] { first, second, third }.Select(mock.GetMatchCount));
    }

    [Fact]
    public async Task AServerThatRepeatsTheSameCursorIsNotFollowedForever()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList)
            .Respond("application/json", """{"data":[{"type":"model","id":"gemma4-26b"}],"has_more":true,"last_id":"gemma4-26b"}""");
        using AkiClient client = CreateClient(mock);

        ModelInfo model = Assert.Single(await client.Models.ListAsync());

        Assert.Equal("gemma4-26b", model.Id);
        Assert.Equal(2, mock.GetMatchCount(list));
    }

    [Fact]
    public async Task PagingStopsAtThePageCapWithAWarning()
    {
        var logs = new CollectingLoggerFactory();
        var mock = new MockHttpMessageHandler();
        int page = 0;
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList).Respond(_ =>
        {
            page++;
            return Json($$"""{"data":[{"type":"model","id":"model-{{page}}"}],"has_more":true,"last_id":"model-{{page}}"}""");
        });
        using AkiClient client = CreateClient(mock, logs: logs);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal(ModelListFetcher.MaxPages, models.Count);
        Assert.Equal(ModelListFetcher.MaxPages, mock.GetMatchCount(list));
        Assert.Contains("more models after", Assert.Single(logs.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOkBodyThatIsNotAModelListIsAnUnexpectedResponse()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", """{"detail":"Not here"}""");
        using AkiClient client = CreateClient(mock);

        var error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => client.Models.ListAsync());

        Assert.Contains("not a model list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListRequestCarriesTheKeyInXApiKey()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList)
            .WithHeaders("x-api-key", ApiKey)
            .With(request => request.Headers.Authorization is null)
            .Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock);

        await client.Models.ListAsync();

        Assert.Equal(1, mock.GetMatchCount(list));
    }

    [Fact]
    public async Task AnErrorStatusReachesTheDirectCaller()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(HttpStatusCode.InternalServerError, "application/json", """{"type":"error","error":{"type":"api_error","message":"boom"}}""");
        using AkiClient client = CreateClient(mock);

        var error = await Assert.ThrowsAsync<AkiApiException>(() => client.Models.ListAsync());

        Assert.Equal(500, error.StatusCode);
    }
}
