// Eleventy doing the same work as Logbook (see site.js); the bench passes --input and --output.
import { configureSite } from './site.js';

export default function (eleventyConfig) {
  return configureSite(eleventyConfig, { light: false });
}
