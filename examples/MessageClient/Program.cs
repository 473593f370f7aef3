using MessageClientExample;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await MessageClientApp.RunAsync(args, Console.In, Console.Out, Console.Error, stop.Token);
