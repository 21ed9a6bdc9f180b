using System.Net.Http.Json;
using System.Text.Json;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>A mailbox's status as the API reports it (<c>GET {path}/status</c>): its status word and its token's expiry.</summary>
public sealed record ApiMailboxStatus(string Status, DateTimeOffset? ExpiresAt)
{
    public static async Task<ApiMailboxStatus> ReadAsync(HttpClient api, BenchmarkMailbox mailbox)
    {
        var status = await api.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/status");
        var expiresAt = status.GetProperty("expires_at");
        return new ApiMailboxStatus(status.GetProperty("status").GetString() ?? "", expiresAt.ValueKind == JsonValueKind.Null ? null : expiresAt.GetDateTimeOffset());
    }
}
