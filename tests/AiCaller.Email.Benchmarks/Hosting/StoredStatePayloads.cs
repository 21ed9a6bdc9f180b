using System.Globalization;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The size of mailboxes' <c>grain_state</c> payloads as the host stored them (encrypted): what every write of a
/// mailbox's state, a token refresh among them, puts into the database.
/// </summary>
public static class StoredStatePayloads
{
    public static Task<SpreadStatistics> SizesAsync(IServiceProvider hostServices, IReadOnlyList<BenchmarkMailbox> mailboxes)
    {
        var database = hostServices.GetRequiredService<IDatabase>();
        var serviceId = hostServices.GetRequiredService<HostSettings>().ServiceId;
        return database.ReadAsync(async connection =>
        {
            var sizes = new List<double>();
            foreach (var mailbox in mailboxes)
            {
                var size = await connection.Command(
                        "SELECT length(payload) FROM grain_state WHERE service_id = @serviceId AND state_name = @stateName AND grain_id = @grainId")
                    .With("serviceId", serviceId)
                    .With("stateName", MailboxSeeder.StateName)
                    .With("grainId", MailboxSeeder.GrainIdOf(mailbox).ToString())
                    .ScalarAsync();
                if (size is not null)
                {
                    sizes.Add(Convert.ToDouble(size, CultureInfo.InvariantCulture));
                }
            }

            return SpreadStatistics.Of(sizes);
        });
    }
}
