using System.Net;
using System.Net.Sockets;

namespace BayesSparse.Tests.Data.Download;

/// <summary>
/// An HTTP server on 127.0.0.1 serving files by name under four behaviours: <c>/good/NAME</c> (with range requests),
/// <c>/corrupt/NAME</c> (one byte changed), <c>/truncated/NAME</c> (announces the whole length, sends half, drops
/// the connection) and <c>/error/NAME</c> (500).
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyDictionary<string, byte[]> _files;
    private readonly Task _loop;

    public LocalHttpServer(IReadOnlyDictionary<string, byte[]> files)
    {
        _files = files;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public Uri BaseUrl { get; }

    /// <summary>The Range headers received, in order (null for none).</summary>
    public List<string?> Ranges { get; } = [];

    public Uri Url(string behaviour, string name) => new(BaseUrl, $"{behaviour}/{name}");

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var parts = context.Request.Url!.AbsolutePath.Trim('/').Split('/', 2);
            var response = context.Response;
            lock (Ranges) Ranges.Add(context.Request.Headers["Range"]);
            if (parts.Length != 2 || !_files.TryGetValue(parts[1], out var bytes))
            {
                response.StatusCode = 404;
                response.Close();
                continue;
            }
            switch (parts[0])
            {
                case "error":
                    response.StatusCode = 500;
                    response.Close();
                    break;
                case "truncated":
                    response.ContentLength64 = bytes.Length;
                    response.OutputStream.Write(bytes, 0, bytes.Length / 2);
                    response.OutputStream.Flush();
                    response.Abort();
                    break;
                case "corrupt":
                    var changed = (byte[])bytes.Clone();
                    changed[changed.Length / 2] ^= 0xFF;
                    Send(response, changed, 0);
                    break;
                default:
                    var range = context.Request.Headers["Range"];
                    long from = range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) ? long.Parse(range[6..].TrimEnd('-')) : 0;
                    if (from > 0)
                    {
                        response.StatusCode = 206;
                        response.Headers["Content-Range"] = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
                    }
                    Send(response, bytes, from);
                    break;
            }
        }
    }

    private static void Send(HttpListenerResponse response, byte[] bytes, long from)
    {
        response.ContentLength64 = bytes.Length - from;
        response.OutputStream.Write(bytes, (int)from, (int)(bytes.Length - from));
        response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }
    }
}
