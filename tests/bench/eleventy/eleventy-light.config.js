// The lighter Eleventy setup of the reference figures: post pages and home, no highlighting.
import { configureSite } from './site.js';

export default function (eleventyConfig) {
  return configureSite(eleventyConfig, { light: true });
}
