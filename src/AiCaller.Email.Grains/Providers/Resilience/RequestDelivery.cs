namespace AiCaller.Email.Grains.Providers.Resilience;

/// <summary>Whether a request that failed in transit may still have reached the provider.</summary>
public static class RequestDelivery
{
    /// <summary>Only a failure to connect proves that nothing was sent; after that, the provider may have acted.</summary>
    public static bool MayHaveArrived(Exception failure) => failure is not HttpRequestException
    {
        HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
    };
}
