package io.github.mailvet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import io.github.mailvet.Checks;
import io.github.mailvet.Evidence;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Reason;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph a newcomer reads: the stages ({@code address}, {@code knowledge}, {@code dns},
 * {@code smtp}) know nothing of the engine that chains them, {@code internal} is a leaf, and no
 * package cycle exists but the one every SPI has (a hosted provider answers in the result model).
 */
class PackageRulesTest {

  private static final String ROOT = "io.github.mailvet";
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void internalIsALeafThatDependsOnNoOtherPackageOfMailvet() {
    noClasses().that().resideInAPackage(ROOT + ".internal..")
        .should().dependOnClassesThat(inMailvetOutside("internal"))
        .check(core);
  }

  @Test
  void theStagesDoNotKnowTheEngineThatChainsThem() {
    for (String stage : Set.of("address", "knowledge", "dns", "smtp")) {
      noClasses().that().resideInAPackage(ROOT + "." + stage + "..")
          .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".hosted..")
          .check(core);
    }
  }

  @Test
  void parsingAndKnowledgeStandAlone() {
    noClasses().that().resideInAnyPackage(ROOT + ".address..", ROOT + ".knowledge..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".dns..", ROOT + ".smtp..")
        .check(core);
  }

  @Test
  void noPackageCycleButTheHostedSpiAnsweringInTheResultModel() {
    SlicesRuleDefinition.slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String p = c.getPackageName();
        if (p.equals(ROOT)) {
          return SliceIdentifier.of("root");
        }
        if (p.startsWith(ROOT + ".")) {
          return SliceIdentifier.of(p.substring(ROOT.length() + 1).split("\\.")[0]);
        }
        return SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "mailvet's packages";
      }
    }).should().beFreeOfCycles()
        .ignoreDependency(
            DescribedPredicate.describe("a hosted adapter", (JavaClass c) ->
                c.getPackageName().equals(ROOT + ".hosted")),
            DescribedPredicate.describe("the result model", (JavaClass c) ->
                Set.of(VerificationResult.class, Checks.class, Evidence.class, Reason.class,
                    Status.class).stream().anyMatch(c::isEquivalentTo)
                || c.getName().startsWith(VerificationResult.class.getName() + "$")))
        .check(core);
  }

  @Test
  void enginePartsThatAreNotApiAreNotPublic() {
    classes().that().resideInAPackage(ROOT)
        .and().haveSimpleNameEndingWith("Pipeline")
        .or().haveSimpleNameEndingWith("Classifier")
        .or().haveSimpleNameEndingWith("Window")
        .or().haveSimpleName("Scorer")
        .or().haveSimpleName("Signals")
        .or().haveSimpleName("Delegation")
        .should().notBePublic()
        .check(core);
  }

  @Test
  void theModuleExportsTheApiPackagesAndNotInternal() throws IOException {
    Path classes = Path.of(Mailvet.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath());
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    assertThat(d.name()).isEqualTo("io.github.mailvet.core");
    assertThat(exported).containsExactlyInAnyOrder(ROOT, ROOT + ".address", ROOT + ".dns",
        ROOT + ".smtp", ROOT + ".hosted", ROOT + ".knowledge");
    assertThat(d.opens()).allMatch(o -> o.isQualified());
  }

  private static DescribedPredicate<JavaClass> inMailvetOutside(String pkg) {
    return DescribedPredicate.describe("mailvet classes outside " + pkg, (JavaClass c) ->
        c.getPackageName().startsWith(ROOT)
            && !c.getPackageName().startsWith(ROOT + "." + pkg));
  }
}
