namespace Switchboard.Core.Answers;

/// <summary>
/// The answers a team saved from work (and its edits of configured answers), and how many requests each answer
/// solved per month. Answers change with compare-and-set on <see cref="Answer.Version"/>; a deflection counts once
/// per id.
/// </summary>
public interface IAnswerStore
{
    /// <summary>The stored answer of <paramref name="teamId"/> with this id, or null.</summary>
    Task<Answer?> GetAsync(string teamId, string answerId, CancellationToken cancellationToken);

    /// <summary>Every stored answer of <paramref name="teamId"/>, retired ones too, by id.</summary>
    Task<IReadOnlyList<Answer>> ListAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>A new id for an answer saved by <paramref name="teamId"/> ("it.7"); never given twice.</summary>
    Task<string> NextIdAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="answer"/> as version 1 when its id is free.</summary>
    /// <returns>The stored answer, or null when an answer with that id is stored already.</returns>
    Task<Answer?> TryCreateAsync(Answer answer, CancellationToken cancellationToken);

    /// <summary>Replaces the stored answer when its version is still <paramref name="answer"/>'s.</summary>
    /// <returns>The stored answer with the next version, or null when it changed meanwhile or is not stored.</returns>
    Task<Answer?> TryUpdateAsync(Answer answer, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one solved request for <paramref name="answerId"/> in <paramref name="month"/>, once per
    /// <paramref name="deflectionId"/> remembered for <paramref name="remember"/>.
    /// </summary>
    /// <returns>True when this call counted it; false for a repeat.</returns>
    Task<bool> RecordDeflectionAsync(string teamId, string answerId, string deflectionId, string month, TimeSpan remember, CancellationToken cancellationToken);

    /// <summary>The requests each answer of <paramref name="teamId"/> solved in <paramref name="month"/> ("2026-11").</summary>
    Task<TeamDeflections> DeflectionsAsync(string teamId, string month, CancellationToken cancellationToken);
}
