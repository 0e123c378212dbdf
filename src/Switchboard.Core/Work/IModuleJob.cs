namespace Switchboard.Core.Work;

/// <summary>
/// Runs the scheduled jobs of one kind that a module declares with
/// <see cref="Conversations.ModuleBuilder.JobKind{THandler}"/>; the registry hands it to the
/// <see cref="SchedulerRunner"/> under that kind. The same rules as for <see cref="IJobHandler.RunAsync"/> apply:
/// a job may run more than once, so its effects must be safe to repeat.
/// </summary>
public interface IModuleJob
{
    /// <summary>Runs the job; throwing retries it with back-off.</summary>
    Task RunAsync(JobLease job, CancellationToken cancellationToken);
}

/// <summary>A module's job kind as the <see cref="SchedulerRunner"/> sees it.</summary>
internal sealed class ModuleJobHandler(string kind, IModuleJob job) : IJobHandler
{
    public string Kind => kind;

    public Task RunAsync(JobLease lease, CancellationToken cancellationToken) => job.RunAsync(lease, cancellationToken);
}
