package io.github.mailvet.validation;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DeliverableEmail} validates with: an engine and named profiles (the built-in ones
 * plus your own).
 *
 * <p>Without Spring, either pass it as Hibernate Validator's constraint validator payload:
 * <pre>{@code
 * Validator v = Validation.byProvider(HibernateValidator.class).configure()
 *     .constraintValidatorPayload(MailvetValidation.of(mailvet))
 *     .buildValidatorFactory().getValidator();
 * }</pre>
 * or register it once: {@code MailvetValidation.register(MailvetValidation.of(mailvet))}. The
 * Spring Boot starter does the former with the application's engine bean.
 */
public final class MailvetValidation {

  private static volatile @Nullable MailvetValidation registered;
  private static volatile @Nullable MailvetValidation fallback;

  private final Mailvet engine;
  private final Map<String, Profile> profiles;

  private MailvetValidation(Mailvet engine, Map<String, Profile> profiles) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.profiles = Map.copyOf(profiles);
  }

  /** An engine with the built-in profiles. */
  public static MailvetValidation of(Mailvet engine) {
    return new MailvetValidation(engine, Map.of());
  }

  /** An engine with extra profiles, found by {@link Profile#name()} before the built-in ones. */
  public static MailvetValidation of(Mailvet engine, Iterable<Profile> profiles) {
    Map<String, Profile> m = new LinkedHashMap<>();
    for (Profile p : profiles) {
      m.put(p.name(), p);
    }
    return new MailvetValidation(engine, m);
  }

  /** Makes this the engine of validators that get no payload. */
  public static void register(MailvetValidation value) {
    registered = Objects.requireNonNull(value, "value");
  }

  /** Undoes {@link #register(MailvetValidation)}. */
  public static void unregister() {
    registered = null;
  }

  /** The registered one, else a default engine ({@code Mailvet.create()}), built once. */
  static MailvetValidation current() {
    MailvetValidation r = registered;
    if (r != null) {
      return r;
    }
    MailvetValidation f = fallback;
    if (f == null) {
      synchronized (MailvetValidation.class) {
        f = fallback;
        if (f == null) {
          f = of(Mailvet.create());
          fallback = f;
        }
      }
    }
    return f;
  }

  /** The engine. */
  public Mailvet engine() {
    return engine;
  }

  /** A profile by name: the extra ones first, then the built-in ones. */
  public Optional<Profile> profile(String name) {
    Profile p = profiles.get(name);
    return p != null ? Optional.of(p) : Profile.builtIn(name);
  }
}
