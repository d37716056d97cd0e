/** The CRM import sample: a Camel route that sorts a CSV of leads by mailvet's decision. */
@NullMarked
package io.github.mailvet.samples.crm;

import org.jspecify.annotations.NullMarked;
