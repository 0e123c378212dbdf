using System.Reflection;
using Microsoft.Extensions.Options;

namespace Switchboard.Host.Configuration;

/// <summary>Every bad or missing setting, reported at once before the host serves anything.</summary>
public static class SettingsValidation
{
    /// <summary>
    /// Runs every options validator registered to run at start-up and adds the values that could not be
    /// read. Started as a program, it prints each failure on its own line to stderr and returns false (the
    /// caller exits with code 1, no stack trace). Under a test host (WebApplicationFactory runs
    /// <c>Program</c> inside the test process) it throws <see cref="InvalidSettingsException"/> instead,
    /// so the test sees the failures and the test process lives on.
    /// </summary>
    public static bool SettingsAreValid(this WebApplication app)
    {
        var failures = Failures(app.Services);
        if (failures.Count == 0) return true;
        var error = new InvalidSettingsException(failures);
        if (Assembly.GetEntryAssembly() != typeof(SettingsValidation).Assembly) throw error;
        Console.Error.WriteLine(error.Message);
        return false;
    }

    /// <summary>The failures, values that could not be read first, each once.</summary>
    public static IReadOnlyList<string> Failures(IServiceProvider services)
    {
        var failures = services.GetRequiredService<BadSettings>().All.Select(b => b.ToString()).ToList();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            failures.AddRange(e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures));
        }
        return failures.Distinct(StringComparer.Ordinal).ToList();
    }
}

/// <summary>Start-up found settings it cannot run with; <see cref="Failures"/> names each.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> failures)
    : Exception("Switchboard cannot start. Fix these settings:" + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(f => "  " + f)))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
