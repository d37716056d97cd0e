package io.github.mailvet.samples.signup;

import io.github.mailvet.VerificationResult;
import io.github.mailvet.validation.DeliverableEmailViolations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The server-rendered signup page and the JSON endpoint. */
@Controller
class SignupController {

  @GetMapping("/")
  String home() {
    return "redirect:/signup";
  }

  @GetMapping("/signup")
  String form(@RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String email, Model model) {
    model.addAttribute("form", new SignupForm(name, email));
    return "signup";
  }

  @PostMapping("/signup")
  String submit(@Valid @ModelAttribute("form") SignupForm form, BindingResult errors,
      Model model) {
    if (errors.hasErrors()) {
      FieldError email = errors.getFieldError("email");
      if (email != null) {
        suggestion(email).ifPresent(s -> model.addAttribute("suggestion", s));
        reason(email).ifPresent(r -> model.addAttribute("reason", r.reason().wireName()));
      }
      return "signup";
    }
    model.addAttribute("form", form);
    return "welcome";
  }

  @PostMapping(path = "/api/signup", consumes = "application/json")
  @ResponseBody
  Map<String, Object> api(@Valid @RequestBody SignupForm form) {
    return Map.of("status", "ok", "name", form.name(), "email", form.email());
  }

  /** 400 with one entry per problem, the reason and the suggestion included. */
  @ExceptionHandler(MethodArgumentNotValidException.class)
  @ResponseBody
  ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (FieldError f : e.getBindingResult().getFieldErrors()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", f.getField());
      m.put("message", f.getDefaultMessage());
      reason(f).ifPresent(r -> {
        m.put("status", r.status().wireName());
        m.put("reason", r.reason().wireName());
      });
      suggestion(f).ifPresent(s -> m.put("suggestion", s));
      out.add(m);
    }
    return ResponseEntity.badRequest().body(Map.of("status", "invalid", "errors", out));
  }

  private static Optional<VerificationResult> reason(FieldError f) {
    return violation(f).flatMap(DeliverableEmailViolations::result);
  }

  private static Optional<String> suggestion(FieldError f) {
    return violation(f).flatMap(DeliverableEmailViolations::suggestion);
  }

  private static Optional<ConstraintViolation<?>> violation(FieldError f) {
    try {
      return Optional.of(f.unwrap(ConstraintViolation.class));
    } catch (IllegalArgumentException notAViolation) {
      return Optional.empty();
    }
  }
}
