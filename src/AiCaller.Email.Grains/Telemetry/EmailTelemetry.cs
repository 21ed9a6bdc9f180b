using System.Diagnostics;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>The names under which the product's own metrics, spans and log scopes appear.</summary>
public static class EmailTelemetry
{
    /// <summary>The product's meter and activity source.</summary>
    public const string Name = "AiCaller.Email";

    /// <summary>Orleans' meter: activations per grain type (<c>orleans-grains</c>), messaging, catalog, storage.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' spans of calls to application grains: the mailbox's, the directory's.</summary>
    public const string OrleansGrainCalls = "Microsoft.Orleans.Application";

    /// <summary>Orleans' spans of its runtime's own calls (directory, membership, reminders) made on a traced call's behalf.</summary>
    public const string OrleansRuntimeCalls = "Microsoft.Orleans.Runtime";

    /// <summary>Spans of provider operations; HttpClient's spans of the requests they make nest under them.</summary>
    public static readonly ActivitySource Source = new(Name);

    // Tag names. Metrics carry provider, operation, outcome and status only: never a tenant or an account, which are
    // unbounded. Spans and log scopes may carry the mailbox's tenant and account.
    public const string ProviderTag = "provider";
    public const string OperationTag = "operation";
    public const string OutcomeTag = "outcome";
    public const string StatusTag = "status";
    public const string TenantTag = "tenant";
    public const string AccountTag = "account";

    /// <summary>Span attributes of the mailbox a grain call or provider operation works for.</summary>
    public const string SpanTenant = "aicaller.tenant";
    public const string SpanProvider = "aicaller.provider";
    public const string SpanAccount = "aicaller.account";
    public const string SpanOperation = "aicaller.operation";
    public const string SpanOutcome = "aicaller.outcome";
}
