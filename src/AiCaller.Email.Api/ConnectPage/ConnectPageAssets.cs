namespace AiCaller.Email.Api.ConnectPage;

/// <summary>
/// The connect page's files, embedded in this assembly (see the csproj): served the same wherever the host runs from
/// (`dotnet run`, a test's output directory, a container), with no front-end build and no content root to find.
/// </summary>
public sealed class ConnectPageAssets
{
    private readonly Dictionary<string, (byte[] Content, string ContentType)> _files;

    private ConnectPageAssets(Dictionary<string, (byte[] Content, string ContentType)> files) => _files = files;

    public static ConnectPageAssets Load()
    {
        var assembly = typeof(ConnectPageAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var (name, contentType) in new[]
        {
            ("index.html", "text/html; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("app.css", "text/css; charset=utf-8"),
        })
        {
            using var stream = assembly.GetManifestResourceStream($"ConnectPage/{name}")
                ?? throw new InvalidOperationException($"The connect page's {name} is not embedded in {assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = (copy.ToArray(), contentType);
        }

        return new ConnectPageAssets(files);
    }

    public IResult Serve(string name) => _files.TryGetValue(name, out var file)
        ? HtmlPage.Asset(file.Content, file.ContentType)
        : throw new ArgumentOutOfRangeException(nameof(name), name, "not a file of the connect page");
}
