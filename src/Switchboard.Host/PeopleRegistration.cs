using Microsoft.Extensions.Options;
using Switchboard.Core.People;
using Switchboard.Host.Configuration;

namespace Switchboard.Host;

public static class PeopleRegistration
{
    /// <summary>
    /// The people directory, the direct messenger and the validated <c>People</c> section. The store comes from
    /// <see cref="StorageRegistration"/>; each platform registers its own <see cref="IDirectChatOpener"/>.
    /// </summary>
    public static IHostApplicationBuilder AddPeopleDirectory(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PeopleOptions>().BindConfiguration(PeopleOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PeopleOptions>, PeopleValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PeopleOptions>>().Value);
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<DirectMessenger>();
        return builder;
    }
}
