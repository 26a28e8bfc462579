using System.Net;
using System.Net.Http.Headers;

namespace BayesSparse.Data.Download;

/// <summary>
/// Fetches a <see cref="DataSource"/>'s file into a cache folder outside the data folder. The bytes go to
/// <c>NAME.part</c>, which a later call continues with an HTTP range request (a server that ignores it sends the
/// whole file again); only a complete download whose SHA-256 matches (where one is published) is renamed to NAME.
/// Every failure is a <see cref="DataException"/> naming the URL.
/// </summary>
/// <param name="http">The client (its timeout applies to each request).</param>
/// <param name="cacheFolder">Where downloads and partial downloads are kept.</param>
public sealed class Downloader(HttpClient http, string cacheFolder)
{
    /// <summary>The default cache folder: <c>bayessparse/downloads</c> in the user's local application data.</summary>
    public static string DefaultCacheFolder => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "bayessparse", "downloads");

    /// <summary>Fetches (or continues fetching) <paramref name="source"/>; returns the complete file's path.</summary>
    /// <param name="source">What to fetch.</param>
    /// <param name="progress">Bytes so far and the total where the server says it.</param>
    /// <param name="cancel">Stops the download, keeping the partial file for a later call.</param>
    public async Task<string> FetchAsync(DataSource source, IProgress<(long Done, long? Total)>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(cacheFolder);
        var complete = Path.Combine(cacheFolder, source.FileName);
        var part = complete + ".part";
        if (!File.Exists(complete))
        {
            await ReceiveAsync(source, part, progress, cancel);
            File.Move(part, complete, overwrite: true);
        }
        if (source.Sha256 is { } expected && DataVerifier.Sha256(complete) is var actual && actual != expected)
        {
            File.Delete(complete);
            throw new DataException(source.Url.ToString(), $"checksum mismatch (sha256 {actual}, expected {expected})",
                "The server sent another file; try again, or another --mirror");
        }
        return complete;
    }

    private async Task ReceiveAsync(DataSource source, string part, IProgress<(long Done, long? Total)>? progress, CancellationToken cancel)
    {
        var url = source.Url.ToString();
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await Send(request, url, cancel);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(part); // the partial file is not a prefix of what the server has now
            throw new DataException(url, "the server refused to continue the partial download", "Run the command again to download it from the start");
        }
        if (!response.IsSuccessStatusCode)
            throw new DataException(url, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}", "Try again later, or pass --mirror");
        if (response.StatusCode != HttpStatusCode.PartialContent) have = 0; // the whole file again
        long? total = response.Content.Headers.ContentLength + have;
        await using (var output = new FileStream(part, have > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write))
        {
            try
            {
                await using var input = await response.Content.ReadAsStreamAsync(cancel);
                var buffer = new byte[1 << 16];
                for (int read; (read = await input.ReadAsync(buffer, cancel)) > 0;)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancel);
                    have += read;
                    progress?.Report((have, total));
                }
            }
            catch (IOException e)
            {
                throw Truncated(url, have, total, e.Message);
            }
        }
        if (total is { } expected && have != expected) throw Truncated(url, have, total, "the connection closed early");
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, string url, CancellationToken cancel)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        }
        catch (HttpRequestException e)
        {
            throw new DataException(url, $"cannot be reached ({e.Message.TrimEnd('.')})", "Check the network, or pass --mirror");
        }
    }

    private static DataException Truncated(string url, long have, long? total, string why) =>
        new(url, $"the download stopped after {have:N0}{(total is { } t ? $" of {t:N0}" : "")} bytes ({why.TrimEnd('.')})",
            "Run the command again to continue it");
}
