// fnet-filetypecheck: identify files by content and flag extensions that lie.
// Usage: fnet-filetypecheck [--json] [-r] [-b] [--mime-type] PATH...   (- reads stdin)
return FileTypeCheck.FileTypeCheckApp.Run(args, Console.Out, Console.Error);
