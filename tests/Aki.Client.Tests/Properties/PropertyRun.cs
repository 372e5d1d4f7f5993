using CsCheck;
using Xunit.Sdk;

namespace Aki.Client.Tests.Properties;

/// <summary>
/// Runs a property. Under a plain <c>dotnet test</c> and in CI: a fixed number of inputs from fixed seeds, the same
/// every run. Locally, longer and shrinking: <c>AKI_PROPERTY_ITERATIONS=20000</c> runs that many inputs through
/// CsCheck's sampler from random seeds (in parallel, shrinking a failure to a small input), and
/// <c>AKI_PROPERTY_SEED=&lt;seed&gt;</c> starts from the seed a failure printed.
/// </summary>
internal static class PropertyRun
{
    public const string IterationsVariable = "AKI_PROPERTY_ITERATIONS";
    public const string SeedVariable = "AKI_PROPERTY_SEED";

    /// <param name="gen">The inputs.</param>
    /// <param name="property">Throws when an input breaks the property.</param>
    /// <param name="iterations">How many inputs a plain run checks.</param>
    /// <param name="fixedSeed">Picks the plain run's inputs.</param>
    /// <param name="print">Describes an input in a failure.</param>
    /// <param name="localLimit">The most inputs a longer local run checks, for properties that are slow per input.</param>
    public static async Task CheckAsync<T>(Gen<T> gen, Func<T, Task> property, int iterations, int fixedSeed, Func<T, string>? print = null, long localLimit = long.MaxValue)
    {
        string? asked = Environment.GetEnvironmentVariable(IterationsVariable);
        string? seed = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.IsNullOrWhiteSpace(asked) && string.IsNullOrWhiteSpace(seed))
        {
            for (int i = 0; i < iterations; i++)
            {
                string inputSeed = new PCG(1, (ulong)((fixedSeed * 1_000_003L) + i)).ToString();
                T input = Check.Single(gen, _ => true, inputSeed);
                try
                {
                    await property(input);
                }
                catch (Exception e)
                {
                    throw new XunitException(
                        $"The property failed for input {i} (seed {inputSeed}). Re-run with {SeedVariable}={inputSeed} {IterationsVariable}=1000 to shrink it.{Environment.NewLine}"
                        + $"{e.GetType().Name}: {e.Message}{Environment.NewLine}Input: {(print ?? Describe)(input)}{Environment.NewLine}{e.StackTrace}");
                }
            }

            return;
        }

        long count = Math.Min(localLimit, long.TryParse(asked, out long n) && n > 0 ? n : 1000);
        await gen.SampleAsync(property, seed: string.IsNullOrWhiteSpace(seed) ? null : seed, iter: count, print: print);
    }

    private static string Describe<T>(T input) => input?.ToString() ?? "(null)";
}

/// <summary>
/// A generated input as a sequence of choices, read in order (a choice past the end reads as 0, the simplest):
/// CsCheck shrinks the sequence, which shrinks the input built from it.
/// </summary>
internal sealed class Choices
{
    private readonly uint[] _values;
    private int _next;

    public Choices(uint[] values) => _values = values;

    public static Gen<uint[]> Gen(int min, int max) => CsCheck.Gen.UInt.Array[min, max];

    /// <summary>A number in [0, <paramref name="bound"/>).</summary>
    public int Next(int bound) => bound <= 1 ? 0 : (int)((_next < _values.Length ? _values[_next++] : 0u) % (uint)bound);

    /// <summary>True one time in <paramref name="oneIn"/>.</summary>
    public bool OneIn(int oneIn) => _next < _values.Length && Next(oneIn) == 0;

    public T Pick<T>(params T[] options) => options[Next(options.Length)];

    public override string ToString() => $"{_values.Length} choices";
}
