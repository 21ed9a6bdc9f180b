using System.Globalization;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AiCaller.Email.Api.Hosting;

/// <summary>
/// Requests over <c>MAX_REQUEST_BODY_BYTES</c> (25 MiB by default) are refused with 413: at once when
/// Content-Length says so, else by Kestrel while reading.
/// </summary>
public static class RequestBodyLimit
{
    public const long DefaultBytes = 25L * 1024 * 1024;

    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var text = configuration[SettingNames.MaxRequestBodyBytes];
        long limit = DefaultBytes;
        if (!string.IsNullOrWhiteSpace(text)
            && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0))
        {
            throw new InvalidOperationException($"{SettingNames.MaxRequestBodyBytes} '{text}' is not a positive whole number.");
        }

        services.AddSingleton(new BodyLimit(limit));
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = limit);
        return services;
    }

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<BodyLimit>().Bytes;
        return app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > limit)
            {
                await ProblemResponses.For(ProblemCode.TooLarge, $"The request body is larger than {limit} bytes").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            await next(context);
        });
    }

    private sealed record BodyLimit(long Bytes);
}
