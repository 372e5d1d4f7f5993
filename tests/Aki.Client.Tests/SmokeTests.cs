namespace Aki.Client.Tests;

public class SmokeTests
{
    [Fact]
    public void DefaultMaxTokensIsCappedByOutputLimit() =>
        Assert.Equal(8192, AkiModels.GetDefaultMaxTokens(AkiModels.Gemma4_26B));
}
