return HashScan.HashScanApp.Run(args, Console.Out, Console.Error);
