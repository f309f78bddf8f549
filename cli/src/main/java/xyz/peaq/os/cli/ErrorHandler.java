package xyz.peaq.os.cli;

import java.io.UncheckedIOException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.RateLimitExceededException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.errors.ValueCapExceededException;

/**
 * The one place that turns a failure into a message on stderr and an exit code: 1 input, 2 network
 * or chain, 3 configuration. Both picocli's parse errors and everything a command throws come
 * through here.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** Gas Station / MCR codes that mean the user's input or quota, not the network. */
  private static final Set<String> INPUT_API_CODES =
      Set.of(
          "RATE_LIMITED",
          "CAP_EXCEEDED_OWNER",
          "CAP_EXCEEDED_WALLET",
          "CAP_EXCEEDED_CHAIN",
          "INVALID_2FA",
          "2FA_LOCKED",
          "2FA_NOT_CONFIGURED",
          "VALIDATION_ERROR",
          "INVALID_ADDRESS",
          "INVALID_DID",
          "INVALID_REQUEST",
          "INVALID_CHAIN_ID",
          "BAD_REQUEST",
          "INVALID_PAYLOAD",
          "INVALID_OWNER_ADDRESS",
          "INVALID_TARGET_ADDRESS",
          "UNSUPPORTED_CHAIN",
          "2FA_NOT_ACTIVE",
          "REQUEST_ALREADY_PROCESSED");

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    Out.error("Error: " + ex.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, Out.stderr())) {
      Out.error("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    return ExitCode.INPUT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    int code = exitCodeOf(ex);
    Out.error(messageOf(ex));
    if (Out.verbose()) {
      ex.printStackTrace(Out.stderr());
    }
    return code;
  }

  /** The exit code of a failure. Public so the devnet background process can reuse it. */
  public static int exitCodeOf(Throwable ex) {
    if (ex instanceof CliException c) {
      return c.exitCode();
    }
    if (ex instanceof ValidationException v) {
      return isConfigField(v.field()) ? ExitCode.CONFIG : ExitCode.INPUT;
    }
    if (ex instanceof ValueCapExceededException || ex instanceof RateLimitExceededException) {
      return ExitCode.INPUT;
    }
    if (ex instanceof ApiException a) {
      return a.code() != null && INPUT_API_CODES.contains(a.code())
          ? ExitCode.INPUT
          : ExitCode.NETWORK;
    }
    if (ex instanceof RpcException
        || ex instanceof ContractRevertException
        || ex instanceof InsufficientBalanceException
        || ex instanceof UncheckedIOException) {
      return ExitCode.NETWORK;
    }
    if (ex instanceof ParameterException) {
      return ExitCode.INPUT;
    }
    if (ex instanceof xyz.peaq.os.devnet.DevnetException) {
      // anvil missing, a folder that cannot be used: set-up, not the network.
      return ExitCode.CONFIG;
    }
    return ExitCode.NETWORK;
  }

  static String messageOf(Throwable ex) {
    if (ex instanceof ValidationException) {
      // Exactly the SDK's text, e.g. "ValidationError: PEAQOS_PRIVATE_KEY is required".
      return ex.getMessage();
    }
    if (ex instanceof CliException) {
      return "Error: " + ex.getMessage();
    }
    if (ex instanceof AlreadyRegisteredException) {
      return "Error: " + ex.getMessage();
    }
    if (ex instanceof ApiException a) {
      // The guide's wording ("ApiError: Invalid 2FA code"), the service's code after it.
      return "ApiError: " + a.getMessage() + (a.code() == null ? "" : " (" + a.code() + ")");
    }
    if (ex instanceof ContractRevertException r) {
      return "Error: transaction reverted: " + r.getMessage();
    }
    if (ex instanceof RpcException r) {
      return "Error: RPC failure at " + r.endpoint() + ": " + r.getMessage();
    }
    if (ex instanceof xyz.peaq.os.sdk.errors.PeaqosException) {
      return "Error: " + ex.getMessage();
    }
    String msg = ex.getMessage();
    return "Error: " + ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  /** Upper-case variable names (PEAQOS_RPC_URL, EVENT_REGISTRY_ADDRESS) are configuration. */
  static boolean isConfigField(String field) {
    return field != null && field.matches("[A-Z][A-Z0-9_]+") && field.contains("_");
  }
}
