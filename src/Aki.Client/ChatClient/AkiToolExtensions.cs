using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.ChatClient;
using Aki.Client.Serialization;
using Microsoft.Extensions.AI;

namespace Aki.Client;

/// <summary>
/// Tools from C# methods for the native API: declare them with <c>AIFunctionFactory.Create(...)</c>, send them with
/// <see cref="ToAkiTool"/>, and answer the model's calls with <see cref="InvokeToolsAsync"/>.
/// </summary>
public static class AkiToolExtensions
{
    /// <summary>A <see cref="Tool"/> with the function's name, description and JSON schema for its parameters.</summary>
    /// <param name="function">A function, for example from <c>AIFunctionFactory.Create(method)</c>.</param>
    /// <returns>The tool to put in <see cref="MessageRequest.Tools"/>.</returns>
    /// <exception cref="ArgumentException">The function's schema is not a JSON object.</exception>
    public static Tool ToAkiTool(this AIFunctionDeclaration function)
    {
        if (function is null)
        {
            throw new ArgumentNullException(nameof(function));
        }

        JsonElement schema = function.JsonSchema;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The JSON schema of function '{function.Name}' must be a JSON object, not {schema.ValueKind}.", nameof(function));
        }

        if (!schema.TryGetProperty("type", out _))
        {
            // The Messages API wants an object schema; a function without parameters may declare just `{}`.
            JsonObject withType = JsonNode.Parse(schema.GetRawText())!.AsObject();
            withType["type"] = "object";
            if (!withType.ContainsKey("properties"))
            {
                withType["properties"] = new JsonObject();
            }

            schema = JsonValues.Parse(withType.ToJsonString());
        }

        return new Tool(function.Name, schema) { Description = string.IsNullOrEmpty(function.Description) ? null : function.Description };
    }

    /// <summary>
    /// Runs every tool call of an answer through the matching function (concurrently, as the model asked for them
    /// together) and returns the user turn of <c>tool_result</c> blocks that answers them, in call order. A call to a
    /// function not in <paramref name="functions"/>, with cut-off arguments, or whose function throws becomes an
    /// <c>is_error</c> result with the reason (the exception's message), so the model can recover.
    /// </summary>
    /// <param name="message">The answer whose <see cref="Message.StopReason"/> is <c>tool_use</c>.</param>
    /// <param name="functions">The functions the request offered, matched by name.</param>
    /// <param name="cancellationToken">Cancels the functions; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The turn to append after <c>MessageParam.Assistant(message)</c>.</returns>
    /// <exception cref="ArgumentException">The message has no tool calls.</exception>
    public static async Task<MessageParam> InvokeToolsAsync(this Message message, IEnumerable<AIFunction> functions, CancellationToken cancellationToken = default)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        if (functions is null)
        {
            throw new ArgumentNullException(nameof(functions));
        }

        IReadOnlyList<ToolUseBlock> calls = message.ToolUses;
        if (calls.Count == 0)
        {
            throw new ArgumentException("The message has no tool calls to answer (its stop reason is " + (message.StopReason?.Value ?? "not set") + ").", nameof(message));
        }

        var byName = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        foreach (AIFunction function in functions)
        {
            byName[function.Name] = function;
        }

        ToolResultBlock[] results = await Task.WhenAll(calls.Select(call => InvokeAsync(call, byName, cancellationToken))).ConfigureAwait(false);
        return MessageParam.ToolResults(results);
    }

    private static async Task<ToolResultBlock> InvokeAsync(ToolUseBlock call, Dictionary<string, AIFunction> functions, CancellationToken cancellationToken)
    {
        if (!functions.TryGetValue(call.Name, out AIFunction? function))
        {
            return Error(call, $"There is no tool named '{call.Name}'. Available tools: {string.Join(", ", functions.Keys)}.");
        }

        if (call.IsInputIncomplete)
        {
            return Error(call, "The arguments were cut off before their JSON was complete; call the tool again with complete arguments.");
        }

        if (ChatJson.ObjectToArguments(call.Input) is not { } arguments)
        {
            return Error(call, $"The arguments must be a JSON object, not {call.Input.ValueKind}.");
        }

        object? result;
        try
        {
            result = await function.InvokeAsync(new AIFunctionArguments(arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing tool is reported to the model, which can try again or explain; it must not end the turn.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Error(call, e.Message);
        }

        return new ToolResultBlock(call.Id) { Content = result is null ? null : MessageContent.FromText(ChatJson.ResultToText(result)) };
    }

    private static ToolResultBlock Error(ToolUseBlock call, string text) => new(call.Id) { Content = text, IsError = true };
}
