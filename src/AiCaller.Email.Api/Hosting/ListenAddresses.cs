namespace AiCaller.Email.Api.Hosting;

/// <summary>Where the host listens: what ASP.NET Core was told, else SPEC's default http://localhost:8000.</summary>
public static class ListenAddresses
{
    public const string Default = "http://localhost:8000";

    public static IReadOnlyList<string> Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = configuration["http_ports"] ?? configuration["https_ports"];
            if (!string.IsNullOrWhiteSpace(ports))
            {
                // HTTP_PORTS binds every interface.
                return ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p.Trim()}").ToList();
            }

            urls = Default;
            builder.WebHost.UseUrls(urls);
        }

        var kestrelEndpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(kestrelEndpoints).ToList();
    }
}
