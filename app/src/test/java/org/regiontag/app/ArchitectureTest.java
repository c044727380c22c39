package org.regiontag.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.regiontag.engine.Djl;

/** The module rules of the design, checked over the production classes of every module. */
@AnalyzeClasses(packages = "org.regiontag",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** The store and the engine must run headless (command line, servers, tests): no JavaFX. */
    @ArchTest
    static final ArchRule storeAndEngineDoNotUseJavaFx = noClasses()
            .that().resideInAnyPackage("org.regiontag.db..", "org.regiontag.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    /** Arrows only point down: the store knows nothing of the engine or the application. */
    @ArchTest
    static final ArchRule storeDependsOnNothingOfOurs = noClasses()
            .that().resideInAPackage("org.regiontag.db..")
            .should().dependOnClassesThat().resideInAnyPackage("org.regiontag.engine..", "org.regiontag.app..");

    /** Arrows only point down: the engine does not reach up into the application. */
    @ArchTest
    static final ArchRule engineDoesNotDependOnApp = noClasses()
            .that().resideInAPackage("org.regiontag.engine..")
            .should().dependOnClassesThat().resideInAPackage("org.regiontag.app..");

    /**
     * Views stay thin: only view models call the engine or the store, so that the logic is
     * testable without a window. Reading a value object (a record) is not a call into them.
     */
    @ArchTest
    static final ArchRule onlyViewModelsCallEngineOrStore = noClasses()
            .that().resideInAPackage("org.regiontag.app.gui..")
            .and().haveSimpleNameNotEndingWith("ViewModel")
            .should().callMethodWhere(targetOwnedByServiceOf("org.regiontag.engine..", "org.regiontag.db.."))
            .orShould().callConstructorWhere(targetOwnedByServiceOf("org.regiontag.engine..", "org.regiontag.db.."))
            // NOTE: allowed to match nothing only until the first view exists.
            .allowEmptyShould(true);

    /** Standard output carries only the command line's results, so scripts can parse it. */
    @ArchTest
    static final ArchRule onlyCommandLineWritesToStandardOutput = noClasses()
            .that().resideOutsideOfPackage("org.regiontag.app.cli..")
            .should().accessField(System.class, "out");

    /** Errors go through SLF4J once, where they are handled; nothing prints to standard error directly. */
    @ArchTest
    static final ArchRule noDirectStandardError = noClasses()
            .should().accessField(System.class, "err")
            .orShould().callMethod(Throwable.class, "printStackTrace");

    /** One logging API, so that one configuration controls every log line. */
    @ArchTest
    static final ArchRule loggingGoesThroughSlf4j = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.util.logging..", "org.apache.log4j..", "org.apache.logging.log4j..",
                    "org.apache.commons.logging..");

    /** DJL phones home unless the offline settings come first, so every entry point sets them. */
    @ArchTest
    static final ArchRule everyMainConfiguresDjlOffline = methods()
            .that().haveName("main").and().areStatic().and().arePublic()
            .should(callConfigureOffline());

    /** All engine access goes through Djl, whose guard refuses to start DJL while online. */
    @ArchTest
    static final ArchRule djlEngineOnlyStartedThroughGuard = noClasses()
            .that().doNotHaveFullyQualifiedName(Djl.class.getName())
            .should().callMethod(ai.djl.engine.Engine.class, "getEngine", String.class)
            .orShould().callMethod(ai.djl.engine.Engine.class, "getInstance")
            .orShould().callMethod(ai.djl.ndarray.NDManager.class, "newBaseManager")
            .orShould().callMethod(ai.djl.ndarray.NDManager.class, "newBaseManager", ai.djl.Device.class)
            .orShould().callMethod(ai.djl.ndarray.NDManager.class, "newBaseManager", String.class)
            .orShould().callMethod(ai.djl.ndarray.NDManager.class, "newBaseManager", ai.djl.Device.class,
                    String.class);

    private static DescribedPredicate<JavaCall<?>> targetOwnedByServiceOf(String... packages) {
        return new DescribedPredicate<>("target is a non-record class in " + String.join(" or ", packages)) {
            @Override
            public boolean test(JavaCall<?> call) {
                JavaClass owner = call.getTargetOwner();
                return owner.getPackage().getName().startsWith("org.regiontag.")
                        && inAny(owner, packages) && !owner.isRecord() && !owner.isEnum();
            }
        };
    }

    private static boolean inAny(JavaClass owner, String... packages) {
        for (String pattern : packages) {
            if (owner.getPackageName().startsWith(pattern.replace("..", ""))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leaves out other modules' test jars, such as the engine's {@code -tests.jar} that the app's
     * tests use. From {@code mvn verify} on, Maven puts that jar on the class path in place of
     * {@code target/test-classes}, which {@link ImportOption.DoNotIncludeTests} does not recognise.
     */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static ArchCondition<JavaMethod> callConfigureOffline() {
        return new ArchCondition<>("call Djl.configureOffline()") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean calls = method.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTargetOwner().isEquivalentTo(Djl.class)
                                && call.getName().equals("configureOffline"));
                events.add(new SimpleConditionEvent(method, calls,
                        method.getFullName() + (calls ? " calls" : " does not call") + " Djl.configureOffline()"));
            }
        };
    }

}
