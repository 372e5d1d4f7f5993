using System.Net.Http;

namespace Aki.Client.Http;

/// <summary>
/// What <see cref="HttpSender"/> hands back for a success: the response; its body when the attempt read it
/// (<see cref="HttpSender.SendAndReadAsync"/>); and the attempt's deadline, still running, when it was handed on
/// (<see cref="HttpSender.SendAsync"/>), which the caller then owns.
/// </summary>
internal readonly record struct SendResult(HttpResponseMessage Response, ResponseBody? Body, TimeoutScope? Deadline);
