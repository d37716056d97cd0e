package io.github.mailvet.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailvet.Decision;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.Reason;
import io.github.mailvet.testing.dns.DnsTestServer;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @DeliverableEmail} on plain Hibernate Validator, without Spring. */
class DeliverableEmailTest {

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25")
      .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
      .a("gmail-smtp-in.l.google.com", "192.0.2.27")
      .start();

  @RegisterExtension
  static final DnsTestServer SLOW_DNS = DnsTestServer.builder()
      .mx("slow.com", 10, "mx.slow.com").a("mx.slow.com", "192.0.2.26")
      .delay(Duration.ofSeconds(2)).start();

  record Signup(@DeliverableEmail String email) { }

  record SignupProfile(@DeliverableEmail(profile = "signup") String email) { }

  record Business(@DeliverableEmail(profile = "b2b") String email) { }

  record NoFree(@DeliverableEmail(allowFree = false) String email) { }

  record Anything(@DeliverableEmail(allowDisposable = true) String email) { }

  record Invite(List<@DeliverableEmail String> emails) { }

  record Custom(@DeliverableEmail(message = "bitte prüfen") String email) { }

  record Strict(@DeliverableEmail(timeoutMillis = 200,
      onUnknown = DeliverableEmail.OnUnknown.REJECT) String email) { }

  record Lenient(@DeliverableEmail(timeoutMillis = 200) String email) { }

  record Partner(@DeliverableEmail(profile = "partners") String email) { }

  record Missing(@DeliverableEmail(profile = "no-such-profile") String email) { }

  private static final Mailvet ENGINE = Mailvet.builder().dnsServers(List.of(DNS.hostPort()))
      .build();

  @AfterEach
  void unregister() {
    MailvetValidation.unregister();
  }

  static Validator validator(Object payload, Locale locale) {
    ValidatorFactory f = Validation.byProvider(HibernateValidator.class).configure()
        .constraintValidatorPayload(payload).defaultLocale(locale).buildValidatorFactory();
    return f.getValidator();
  }

  static Validator validator() {
    return validator(MailvetValidation.of(ENGINE), Locale.ENGLISH);
  }

  static <T> String message(Validator v, T bean) {
    Set<ConstraintViolation<T>> out = v.validate(bean);
    assertThat(out).hasSize(1);
    return out.iterator().next().getMessage();
  }

  @Test
  void nullAndGoodAddressesAreValid() {
    assertThat(validator().validate(new Signup(null))).isEmpty();
    assertThat(validator().validate(new Signup("ada@acme.com"))).isEmpty();
  }

  @Test
  void aTypoCarriesTheSuggestionInTheMessageAndThePayload() {
    Set<ConstraintViolation<Signup>> out = validator().validate(new Signup("ada@gmial.com"));
    assertThat(out).hasSize(1);
    ConstraintViolation<Signup> v = out.iterator().next();
    assertThat(v.getMessage()).isEqualTo("looks mistyped. Did you mean ada@gmail.com?");
    assertThat(DeliverableEmailViolations.suggestion(v)).contains("ada@gmail.com");
    assertThat(DeliverableEmailViolations.result(v).orElseThrow().reason())
        .isEqualTo(Reason.NO_DOMAIN);
  }

  @Test
  void messagesAreSpecificToTheReason() {
    Validator v = validator();
    assertThat(message(v, new Signup("not an address"))).isEqualTo("is not a valid email address");
    assertThat(message(v, new Signup("x@mailinator.com")))
        .isEqualTo("is a disposable address; please use a permanent one");
    assertThat(message(v, new Signup("ada@nowhere-at-all.com")))
        .isEqualTo("uses a domain that does not exist");
    assertThat(message(v, new NoFree("ada@gmail.com")))
        .isEqualTo("must be a work address, not a free email provider");
    assertThat(message(v, new Custom("x@mailinator.com"))).isEqualTo("bitte prüfen");
    assertThat(v.validate(new Anything("x@mailinator.com"))).isEmpty();
  }

  @Test
  void messagesInGermanFrenchAndSpanish() {
    assertThat(message(validator(MailvetValidation.of(ENGINE), Locale.GERMAN),
        new Signup("ada@gmial.com"))).isEqualTo(
            "scheint einen Tippfehler zu enthalten. Meinten Sie ada@gmail.com?");
    assertThat(message(validator(MailvetValidation.of(ENGINE), Locale.FRENCH),
        new Signup("x@mailinator.com")))
        .isEqualTo("est une adresse jetable ; merci d'en utiliser une permanente");
    assertThat(message(validator(MailvetValidation.of(ENGINE), Locale.forLanguageTag("es")),
        new Signup("ada@gmial.com"))).isEqualTo(
            "parece tener un error. ¿Quisiste decir ada@gmail.com?");
  }

  @Test
  void profilesDecide() {
    Validator v = validator();
    assertThat(message(v, new SignupProfile("ada@gmial.com"))).contains("ada@gmail.com");
    assertThat(message(v, new Business("ada@gmail.com")))
        .isEqualTo("must be a work address, not a free email provider");
    assertThat(v.validate(new Business("ada@acme.com"))).isEmpty();
    Profile partners = Profile.builder("partners").denyDomains(List.of("acme.com")).build();
    Validator custom = validator(MailvetValidation.of(ENGINE, List.of(partners)), Locale.ENGLISH);
    assertThat(message(custom, new Partner("ada@acme.com"))).isEqualTo("is not accepted here");
    assertThatThrownBy(() -> v.validate(new Missing("ada@acme.com")))
        .isInstanceOf(ValidationException.class).rootCause()
        .hasMessageContaining("no-such-profile");
  }

  @Test
  void typeUseOnListElements() {
    Set<ConstraintViolation<Invite>> out = validator()
        .validate(new Invite(List.of("ada@acme.com", "bob@mailinator.com")));
    assertThat(out).hasSize(1);
    assertThat(out.iterator().next().getPropertyPath().toString()).isEqualTo("emails[1].<list element>");
  }

  @Test
  void theTimeBudgetMakesTheResultUnknownAndOnUnknownDecides() {
    Mailvet slow = Mailvet.builder().dnsServers(List.of(SLOW_DNS.hostPort()))
        .dnsTimeout(Duration.ofSeconds(5)).build();
    Validator v = validator(MailvetValidation.of(slow), Locale.ENGLISH);
    assertThat(v.validate(new Lenient("ada@slow.com"))).as("fail open by default").isEmpty();
    assertThat(message(v, new Strict("bob@slow.com")))
        .isEqualTo("could not be checked right now; please try again");
  }

  @Test
  void withoutAPayloadTheRegisteredEngineIsUsedElseADefaultOne() {
    Validator plain = Validation.byProvider(HibernateValidator.class).configure()
        .defaultLocale(Locale.ENGLISH).buildValidatorFactory().getValidator();
    assertThat(message(plain, new Signup("not an address")))
        .as("the default engine").isEqualTo("is not a valid email address");
    Mailvet denyAcme = Mailvet.builder().offline(true)
        .profile(Profile.builder("x").denyDomains(List.of("acme.com")).build()).build();
    MailvetValidation.register(MailvetValidation.of(denyAcme,
        List.of(Profile.builder("partners").denyDomains(List.of("acme.com"))
            .onUnknown(Decision.ACCEPT).build())));
    assertThat(message(plain, new Partner("ada@acme.com"))).isEqualTo("is not accepted here");
  }
}
