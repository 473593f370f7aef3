return FileHash.FileHashApp.Run(args, Console.Out, Console.Error);
