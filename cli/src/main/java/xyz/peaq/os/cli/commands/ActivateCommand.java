package xyz.peaq.os.cli.commands;

import picocli.CommandLine.Command;

@Command(name = "activate", description = "TODO")
public final class ActivateCommand implements Runnable {
  @Override
  public void run() {
    throw xyz.peaq.os.cli.CliException.config("not implemented yet");
  }
}
