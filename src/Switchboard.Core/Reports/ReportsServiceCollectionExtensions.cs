using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Kudos;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Reports;

/// <summary>Adds the reports: the read model's writer (following ticket changes and kudos) and its reader.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>The report writer as a ticket and kudos observer, the reader, and the in-memory store unless one was registered.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddSingleton<IReportStore, MemoryReportStore>();
        services.TryAddSingleton<ReportWriter>();
        services.TryAddSingleton<ReportReader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketChangeObserver, ReportWriter>(sp => sp.GetRequiredService<ReportWriter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKudosObserver, ReportWriter>(sp => sp.GetRequiredService<ReportWriter>()));
        return services;
    }
}
