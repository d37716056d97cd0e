package io.github.mailvet.spring;

import io.github.mailvet.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The profiles configured under {@code mailvet.profiles}, found before the built-in ones. */
public final class MailvetProfiles {

  private final List<Profile> profiles;

  /** The profiles. */
  public MailvetProfiles(List<Profile> profiles) {
    this.profiles = List.copyOf(profiles);
  }

  /** The configured profiles. */
  public List<Profile> profiles() {
    return profiles;
  }

  /** A profile by name: configured first, then built in. */
  public Optional<Profile> find(String name) {
    for (Profile p : profiles) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Profile.builtIn(name);
  }

  /** The configured names. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    profiles.forEach(p -> out.add(p.name()));
    return out;
  }
}
