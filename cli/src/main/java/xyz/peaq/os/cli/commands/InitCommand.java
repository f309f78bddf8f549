package xyz.peaq.os.cli.commands;

import picocli.CommandLine.Command;

@Command(name = "init", description = "TODO")
public final class InitCommand implements Runnable {
  @Override
  public void run() {
    throw xyz.peaq.os.cli.CliException.config("not implemented yet");
  }
}
