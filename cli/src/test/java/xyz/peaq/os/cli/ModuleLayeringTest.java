package xyz.peaq.os.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of SPEC section 2 and issue 9, checked on the main classes of every module
 * (the cli module's test classpath holds them all). A rule that fails names each offending
 * dependency (class, member and line).
 */
class ModuleLayeringTest {
  private static final String SDK = "xyz.peaq.os.sdk..";
  private static final String SDK_INTERNAL = "xyz.peaq.os.sdk.internal..";
  private static final String GAS_STATION = "xyz.peaq.os.gasstation..";
  private static final String MCR_API = "xyz.peaq.os.mcr..";
  private static final String DEVNET = "xyz.peaq.os.devnet..";
  private static final String CONTRACTS = "xyz.peaq.os.contracts..";
  private static final String CLI = "xyz.peaq.os.cli..";
  private static final String SERVICE_SUPPORT = "xyz.peaq.os.service..";

  /** The one part of the CLI that runs the services in-process (`peaqos devnet up`). */
  private static final String CLI_DEVNET_STACK = "xyz.peaq.os.cli.devnet..";

  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    // The other modules arrive as target/classes folders or, in a full `verify`, as their jars:
    // both count.
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("xyz.peaq.os");
  }

  @Test
  void everyModuleIsImported() {
    for (String pkg :
        new String[] {
          "xyz.peaq.os.sdk",
          "xyz.peaq.os.sdk.internal.chain",
          "xyz.peaq.os.gasstation",
          "xyz.peaq.os.mcr",
          "xyz.peaq.os.devnet",
          "xyz.peaq.os.contracts",
          "xyz.peaq.os.service",
          "xyz.peaq.os.cli"
        }) {
      assertThat(classes.stream().filter(c -> c.getPackageName().equals(pkg)).count())
          .as("main classes of %s imported", pkg)
          .isPositive();
    }
  }

  @Test
  void theSdkDependsOnNoOtherModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage(SDK)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(GAS_STATION, MCR_API, DEVNET, CONTRACTS, SERVICE_SUPPORT, CLI)
            .because("the SDK must not depend on any of our other modules (SPEC section 2)"));
  }

  @Test
  void theDevnetAndContractsDependOnNoSdkServiceOrCli() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(DEVNET, CONTRACTS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SDK, GAS_STATION, MCR_API, CLI)
            .because(
                "devnet depends on contracts only, contracts on nothing of ours (SPEC section 2)"));
  }

  @Test
  void theGasStationDependsOnNoOtherServiceNorTheCli() {
    check(
        noClasses()
            .that()
            .resideInAPackage(GAS_STATION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(MCR_API, CLI)
            .because("services never depend on each other or on the CLI (SPEC section 2)"));
  }

  @Test
  void theMcrApiDependsOnNoOtherServiceNorTheCli() {
    check(
        noClasses()
            .that()
            .resideInAPackage(MCR_API)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(GAS_STATION, CLI)
            .because("services never depend on each other or on the CLI (SPEC section 2)"));
  }

  @Test
  void servicesUseOnlyTheSdksPublicSurface() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(GAS_STATION, MCR_API)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SDK_INTERNAL)
            .because(
                "services talk to the chain through ChainReads, Signer, TransactionPipeline and Abi, not SDK internals"));
  }

  @Test
  void theCliUsesOnlyTheSdksPublicSurface() {
    check(
        noClasses()
            .that()
            .resideInAPackage(CLI)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SDK_INTERNAL)
            .because("the CLI is a user of the SDK like any other"));
  }

  @Test
  void onlyTheCliDevnetStackRunsTheServices() {
    check(
        noClasses()
            .that()
            .resideInAPackage(CLI)
            .and()
            .resideOutsideOfPackage(CLI_DEVNET_STACK)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(GAS_STATION, MCR_API)
            .because(
                "outside the devnet stack the CLI reaches the services over HTTP through the SDK"));
  }

  @Test
  void serviceSupportDependsOnNothingOfOurs() {
    check(
        noClasses()
            .that()
            .resideInAPackage(SERVICE_SUPPORT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SDK, GAS_STATION, MCR_API, DEVNET, CONTRACTS, CLI)
            .because("what the services share about HTTP sits below them and knows none of them"));
  }

  @Test
  void theDevnetAndContractsDependOnNoServiceSupport() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(DEVNET, CONTRACTS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SERVICE_SUPPORT)
            .because("service support is for the HTTP services only"));
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
