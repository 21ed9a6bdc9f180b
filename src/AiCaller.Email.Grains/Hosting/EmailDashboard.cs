using Orleans.Dashboard;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// The Orleans Dashboard, served by the API at <c>/dashboard</c>. Every silo adds it (its grain service reports the
/// silo's counters), and so does an API host that is a client of the cluster; the options are the same everywhere.
/// </summary>
public static class EmailDashboard
{
    public const string RoutePrefix = "/dashboard";

    // The trace view streams every log line of the host to whoever has it open: not for a page any tenant's key opens.
    public static void Configure(DashboardOptions options) => options.HideTrace = true;
}
