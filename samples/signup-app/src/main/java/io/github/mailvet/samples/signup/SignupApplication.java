package io.github.mailvet.samples.signup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The signup sample: a form and a JSON endpoint validated by {@code @DeliverableEmail}. */
@SpringBootApplication
public class SignupApplication {

  /** Starts the app (port 8080 unless {@code server.port} says otherwise). */
  public static void main(String[] args) {
    SpringApplication.run(SignupApplication.class, args);
  }
}
