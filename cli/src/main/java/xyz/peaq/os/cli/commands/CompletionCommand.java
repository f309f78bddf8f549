package xyz.peaq.os.cli.commands;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import xyz.peaq.os.cli.Out;

/** Prints a bash/zsh completion script: {@code source <(./peaqos completion)}. */
@Command(
    name = "completion",
    description = "Print a bash/zsh completion script. Use: source <(peaqos completion)")
public final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    Out.stdout().print(AutoComplete.bash("peaqos", spec.root().commandLine()));
    Out.stdout().flush();
  }
}
