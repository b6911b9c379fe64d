import { html } from "hono/html";
import type { Translate } from "../i18n/index.js";

/**
 * Where a requester may say they live, as the form offers it: every US state, the District of Columbia and the
 * territories by name (a state without a privacy law is still handled, under the strictest rules), the EU, the UK,
 * and "somewhere else". The values are the intake's residence codes.
 */
const usPlaces: [string, string][] = [
  ["AL", "Alabama"],
  ["AK", "Alaska"],
  ["AS", "American Samoa"],
  ["AZ", "Arizona"],
  ["AR", "Arkansas"],
  ["CA", "California"],
  ["CO", "Colorado"],
  ["CT", "Connecticut"],
  ["DE", "Delaware"],
  ["DC", "District of Columbia"],
  ["FL", "Florida"],
  ["GA", "Georgia"],
  ["GU", "Guam"],
  ["HI", "Hawaii"],
  ["ID", "Idaho"],
  ["IL", "Illinois"],
  ["IN", "Indiana"],
  ["IA", "Iowa"],
  ["KS", "Kansas"],
  ["KY", "Kentucky"],
  ["LA", "Louisiana"],
  ["ME", "Maine"],
  ["MD", "Maryland"],
  ["MA", "Massachusetts"],
  ["MI", "Michigan"],
  ["MN", "Minnesota"],
  ["MS", "Mississippi"],
  ["MO", "Missouri"],
  ["MT", "Montana"],
  ["NE", "Nebraska"],
  ["NV", "Nevada"],
  ["NH", "New Hampshire"],
  ["NJ", "New Jersey"],
  ["NM", "New Mexico"],
  ["NY", "New York"],
  ["NC", "North Carolina"],
  ["ND", "North Dakota"],
  ["MP", "Northern Mariana Islands"],
  ["OH", "Ohio"],
  ["OK", "Oklahoma"],
  ["OR", "Oregon"],
  ["PA", "Pennsylvania"],
  ["PR", "Puerto Rico"],
  ["RI", "Rhode Island"],
  ["SC", "South Carolina"],
  ["SD", "South Dakota"],
  ["TN", "Tennessee"],
  ["TX", "Texas"],
  ["VI", "U.S. Virgin Islands"],
  ["UT", "Utah"],
  ["VT", "Vermont"],
  ["VA", "Virginia"],
  ["WA", "Washington"],
  ["WV", "West Virginia"],
  ["WI", "Wisconsin"],
  ["WY", "Wyoming"],
];

/** The groups and the places outside the US are named in the page's language (`form.places.*`); states by name. */
const residenceChoices: { group: "us" | "elsewhere"; places: { value: string; name?: string }[] }[] = [
  { group: "us", places: usPlaces.map(([code, name]) => ({ value: `US-${code}`, name })) },
  { group: "elsewhere", places: [{ value: "EU" }, { value: "GB" }, { value: "other" }] },
];

/** The residence drop-down of the public forms, with the choice already made and whether it was refused. */
export function residenceSelect(t: Translate, chosen: string | undefined, invalid: boolean) {
  return html`<select id="jurisdiction" name="jurisdiction" ${invalid ? html`aria-invalid="true"` : ""}>
    <option value="">${t("form.choose")}</option>
    ${residenceChoices.map(
      ({ group, places }) =>
        html`<optgroup label="${t(`form.places.${group}`)}">${places.map(
          (place) =>
            html`<option value="${place.value}" ${chosen === place.value ? "selected" : ""}>${place.name ?? t(`form.places.${place.value as "EU" | "GB" | "other"}`)}</option>`,
        )}</optgroup>`,
    )}
  </select>`;
}
