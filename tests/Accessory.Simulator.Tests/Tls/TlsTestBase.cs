using Accessory.Simulator.Tests.Support;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>Certificates in a temp folder plus helpers to start servers that are torn down after each test.</summary>
public abstract class TlsTestBase : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _folder = new("accessory-tls");
    private readonly List<IAsyncDisposable> _cleanup = new();

    private protected TlsTestBase()
    {
        Certificates = new TlsTestCertificates(_folder.Path);
    }

    private protected TlsTestCertificates Certificates { get; }

    private protected string FolderPath => _folder.Path;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    /// <summary>xunit calls this after <see cref="DisposeAsync"/>, so the servers are gone before their files.</summary>
    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected TlsServerSettings SelfSigned() => new()
    {
        ChainPemFile = Certificates.SelfSignedChain,
        KeyPemFile = Certificates.SelfSignedKey,
    };

    private protected TlsTestServer Serve(TlsServerSettings settings, Func<TlsServerStream, CancellationToken, Task> handler)
    {
        var context = new TlsServerContext(settings);
        var server = new TlsTestServer(context, handler);

        // Disposed in reverse: the server stops before its context goes.
        _cleanup.Add(new AsyncDisposer(context.Dispose));
        _cleanup.Add(server);
        return server;
    }

    private sealed class AsyncDisposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
