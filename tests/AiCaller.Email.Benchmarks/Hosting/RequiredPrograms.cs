using System.Diagnostics;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// nginx and wrk, which the routed comparison runs. Missing ones are installed from Debian's packages when this runs
/// as root on a machine with apt-get (nginx-light: the small nginx), with a policy-rc.d that keeps the package from
/// starting nginx as a system service, as .ci/run does for PostgreSQL; otherwise the benchmark stops and says what to
/// install.
/// </summary>
public static class RequiredPrograms
{
    private const string PolicyFile = "/usr/sbin/policy-rc.d";
    private static readonly (string Program, string Package)[] Needed = [("nginx", "nginx-light"), ("wrk", "wrk")];

    public static async Task EnsureAsync()
    {
        var missing = Needed.Where(n => Find(n.Program) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missing.Select(m => m.Package));
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Find("apt-get") is null)
        {
            throw new InvalidOperationException($"{string.Join(" and ", missing.Select(m => m.Program))} not found: install them, e.g. apt-get install -y {packages}");
        }

        Console.WriteLine($"  setup: installing {packages} (apt-get)");
        var ownPolicy = !File.Exists(PolicyFile);
        if (ownPolicy && OperatingSystem.IsLinux())
        {
            await File.WriteAllTextAsync(PolicyFile, "#!/bin/sh\nexit 101\n");
            File.SetUnixFileMode(PolicyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        try
        {
            if (await AptGetAsync("install", "-y", "--no-install-recommends", packages) != 0)
            {
                // A fresh machine has no package lists yet.
                await AptGetAsync("update");
                if (await AptGetAsync("install", "-y", "--no-install-recommends", packages) != 0)
                {
                    throw new InvalidOperationException($"apt-get could not install {packages}");
                }
            }
        }
        finally
        {
            if (ownPolicy)
            {
                File.Delete(PolicyFile);
            }
        }
    }

    /// <summary>The program's path on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static async Task<int> AptGetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments.SelectMany(a => a.Split(' ')))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"  apt-get {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Trim()}");
        }

        await output;
        return process.ExitCode;
    }
}
