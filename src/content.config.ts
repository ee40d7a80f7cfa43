/**
 * The lessons collection: every `content/lessons/**\/*.mdx`, validated strictly so a typo in front
 * matter fails the build instead of silently dropping a lesson from the course.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: z
    .object({
      title: z.string().min(1),
      /** Position in the course; unique (the lesson route fails the build on a duplicate). */
      order: z.number().int().positive(),
      /** One sentence for the course index. */
      summary: z.string().min(1),
      /** Estimated reading time. */
      minutes: z.number().int().positive(),
      /** Drafts are built in dev only. */
      draft: z.boolean().optional(),
    })
    .strict(),
});

export const collections = { lessons };
