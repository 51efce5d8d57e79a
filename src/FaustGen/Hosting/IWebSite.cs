namespace FaustGen;

/// <summary>
/// What a worker serves over the web (Faust's <c>WebSite</c> setting). An app returns one from
/// <see cref="App.CreateWebSite"/>; the app starts it after itself and stops it before itself.
/// </summary>
public interface IWebSite
{
    /// <summary>Starts serving.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops serving.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Where the site is reached once started (the command line and samples print it), or null.</summary>
    Uri? Url => null;
}
