using AiCaller.Email.Api.Validation;
using AiCaller.Email.Grains.Hosting;

namespace AiCaller.Email.Api.Hosting;

/// <summary>
/// Connect links and return URLs: how long a link works (<c>CONNECT_LINK_MINUTES</c>) and which absolute URLs a browser
/// may be sent back to after its consent (<c>CONNECT_LINK_RETURN_URLS</c>, comma-separated prefixes).
/// </summary>
public sealed class ConnectLinkOptions
{
    public const int MaxLifetimeMinutes = 7 * 24 * 60;

    public int LifetimeMinutes { get; set; } = 30;

    public TimeSpan Lifetime => TimeSpan.FromMinutes(LifetimeMinutes);

    /// <summary>Absolute http(s) URLs a <c>return_url</c> may start with; paths on this host need none.</summary>
    public List<Uri> ReturnUrlPrefixes { get; } = [];
}

public static class ConnectLinkSettings
{
    public static IServiceCollection AddConnectLinks(this IServiceCollection services)
    {
        services.AddOptions<ConnectLinkOptions>().Configure<IConfiguration>((o, c) =>
        {
            if (c[SettingNames.ConnectLinkMinutes] is { Length: > 0 } minutes)
            {
                o.LifetimeMinutes = int.TryParse(minutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new InvalidOperationException($"{SettingNames.ConnectLinkMinutes} '{minutes}' is not a whole number of minutes.");
            }

            foreach (var entry in (c[SettingNames.ConnectLinkReturnUrls] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.ReturnUrlPrefixes.Add(ReturnUrlValidator.ParsePrefix(entry)
                    ?? throw new InvalidOperationException(
                        $"{SettingNames.ConnectLinkReturnUrls}: '{entry}' is not an absolute http(s) URL without user name, query or fragment."));
            }
        }).Validate(o => o.LifetimeMinutes is >= 1 and <= ConnectLinkOptions.MaxLifetimeMinutes,
            $"{SettingNames.ConnectLinkMinutes} must be from 1 to {ConnectLinkOptions.MaxLifetimeMinutes} (a week)").ValidateOnStart();
        services.AddSingleton<ReturnUrlValidator>();
        return services;
    }
}
