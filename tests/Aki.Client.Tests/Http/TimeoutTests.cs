using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests.Http;

/// <summary>The SDK's own deadline, on the configured clock, is told apart from the caller's cancellation.</summary>
public class TimeoutTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HungRequestFailsWithAkiTimeoutExceptionWhenTheTimeoutPasses()
    {
        var time = new FakeTimeProvider();
        using var hung = new HungServer();
        using AkiClient client = hung.Mock.CreateClient(o => { o.TimeProvider = time; o.Timeout = s_timeout; });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await hung.Entered;
        time.Advance(s_timeout + TimeSpan.FromSeconds(1));

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => call);
        Assert.Equal(s_timeout, e.Timeout);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.Contains("AkiClientOptions.Timeout", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestIsStillWaitingJustBeforeTheTimeout()
    {
        var time = new FakeTimeProvider();
        using var hung = new HungServer();
        using AkiClient client = hung.Mock.CreateClient(o => { o.TimeProvider = time; o.Timeout = s_timeout; });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await hung.Entered;
        time.Advance(s_timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(call.IsCompleted);
        hung.Release();

        Message message = await call;
        Assert.Equal("Hello!", message.Text);
    }

    [Fact]
    public async Task CallerCancellationSurfacesAsOperationCanceledCarryingTheCallersToken()
    {
        var time = new FakeTimeProvider();
        using var hung = new HungServer();
        using AkiClient client = hung.Mock.CreateClient(o => { o.TimeProvider = time; o.Timeout = s_timeout; });
        using var cts = new CancellationTokenSource();

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello(), cts.Token);
        await hung.Entered;
        await cts.CancelAsync();

        OperationCanceledException e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public async Task CallerCancellationAfterTheTimeoutPassedIsStillTheCallers()
    {
        var time = new FakeTimeProvider();
        using var hung = new HungServer();
        using AkiClient client = hung.Mock.CreateClient(o => { o.TimeProvider = time; o.Timeout = s_timeout; });
        using var cts = new CancellationTokenSource();

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello(), cts.Token);
        await hung.Entered;
        await cts.CancelAsync();
        time.Advance(s_timeout * 2);

        Exception e = await Record.ExceptionAsync(() => call);
        Assert.IsAssignableFrom<OperationCanceledException>(e);
    }

    [Fact]
    public async Task AlreadyCancelledTokenThrowsOperationCanceled()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        var cancelled = new CancellationToken(canceled: true);

        OperationCanceledException e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Messages.CreateAsync(TestRequests.Hello(), cancelled));

        Assert.Equal(cancelled, e.CancellationToken);
    }

    [Fact]
    public async Task BodyThatStopsArrivingAfterTheHeadersAlsoTimesOut()
    {
        var time = new FakeTimeProvider();
        var bodyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var mock = new MockAki();
        mock.Reply(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StalledStream("{\"id\":\"msg_1\",\"content\":["u8.ToArray(), bodyStarted)) });
        using AkiClient client = mock.CreateClient(o => { o.TimeProvider = time; o.Timeout = s_timeout; });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await bodyStarted.Task;
        time.Advance(s_timeout);

        await Assert.ThrowsAsync<AkiTimeoutException>(() => call);
    }

    /// <summary>A server that accepts the request and never answers until released or cancelled.</summary>
    private sealed class HungServer : IDisposable
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HungServer()
        {
            Mock.Reply(async (_, cancellationToken) =>
            {
                _entered.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
                return MockAki.Json(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!"));
            });
        }

        public MockAki Mock { get; } = new();

        public Task Entered => _entered.Task;

        public void Release() => _release.TrySetResult();

        public void Dispose() => Mock.Dispose();
    }

    /// <summary>Gives its prefix, then waits for more bytes that never come.</summary>
    private sealed class StalledStream(byte[] prefix, TaskCompletionSource started) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < prefix.Length)
            {
                int count = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Tests read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
