namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>What wrk drives in a cell of the routed comparison.</summary>
public enum RoutedTarget
{
    /// <summary>wrk → the canned nginx, with the provider calls the product makes: the floor.</summary>
    Direct,

    /// <summary>wrk → nginx as a reverse proxy → the canned nginx, with the same calls.</summary>
    Proxy,

    /// <summary>wrk → AiCaller.Email → the canned nginx: the API request a client makes.</summary>
    Routed,
}
