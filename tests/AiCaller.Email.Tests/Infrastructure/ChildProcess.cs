using System.Diagnostics;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>A program run to completion, such as initdb or pg_dump.</summary>
public static class ChildProcess
{
    /// <summary>Runs the program and returns what it wrote to standard output; a non-zero exit throws with all it wrote.</summary>
    public static string Run(string workingDirectory, string program, params IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:{Environment.NewLine}{output}{error.Result}");
        }

        return output;
    }
}
