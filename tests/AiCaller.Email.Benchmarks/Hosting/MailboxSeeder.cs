using System.Security.Cryptography;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Providers.Gmail;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// Puts a connected Gmail mailbox into the host's storage without an OAuth flow, through the product's own storage
/// classes taken from the running host: the encrypted grain state, the directory row and the keep-alive reminder that
/// a connect leaves behind. The tokens only look like the emulator's: nothing asks a provider about them, as long as
/// the access token has not expired (the grain's refresh timer) and the first keep-alive tick has not come.
/// </summary>
public sealed class MailboxSeeder
{
    // The names MailboxGrain gives its grain type, its [PersistentState] and its keep-alive reminder.
    public const string StateName = "mailbox";
    private const string KeepAliveReminder = "token-keepalive";
    private static readonly GrainType MailboxGrainType = GrainType.Create("mailbox");

    /// <summary>Longer than any run: a seeded grain that is activated must not start a refresh with a token that no provider knows.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(6);

    /// <summary>
    /// Every first keep-alive tick is at least this far away, so that none fires during a run (it would send the
    /// made-up refresh token to the emulator and disconnect the mailbox).
    /// </summary>
    private static readonly TimeSpan FirstTickNoSoonerThan = TimeSpan.FromHours(1);

    private readonly IGrainStorage _storage;
    private readonly MailboxDirectory _directory;
    private readonly IReminderTable _reminders;
    private readonly TimeSpan _keepAlivePeriod;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public MailboxSeeder(IServiceProvider hostServices)
    {
        _storage = hostServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        _directory = hostServices.GetRequiredService<MailboxDirectory>();
        _reminders = hostServices.GetRequiredService<IReminderTable>();
        _keepAlivePeriod = hostServices.GetRequiredService<IOptions<MailboxOptions>>().Value.KeepAlivePeriod;
    }

    public static GrainId GrainIdOf(BenchmarkMailbox mailbox) => GrainId.Create(MailboxGrainType, mailbox.Key.ToGrainKey());

    /// <summary>Three writes, each its own transaction, as a connect makes them: state, directory row, reminder.</summary>
    public async Task SeedAsync(BenchmarkMailbox mailbox)
    {
        var key = mailbox.Key;
        var grainId = GrainIdOf(mailbox);
        var state = new MailboxState
        {
            Tokens = new TokenSet(
                "ya29.emu-" + RandomText(48), "1//emu-" + RandomText(40), _now, _now + TokenLifetime, GmailOAuth.Scopes.ToList()),
            Email = mailbox.Email,
            Status = MailboxStatusKind.Connected,
            LastRefreshedAt = _now,
            Listed = true,
        };
        await _storage.WriteStateAsync(StateName, grainId, new GrainState<MailboxState>(state));
        await _directory.UpsertAsync(key, MailboxStatusKind.Connected, mailbox.Email, null, _now);
        await _reminders.UpsertRow(new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = KeepAliveReminder,
            // Spread over one whole period, as mailboxes connected over time would be.
            StartAt = (_now + FirstTickNoSoonerThan + (_keepAlivePeriod * Random.Shared.NextDouble())).UtcDateTime,
            Period = _keepAlivePeriod,
        });
    }

    private static string RandomText(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}
